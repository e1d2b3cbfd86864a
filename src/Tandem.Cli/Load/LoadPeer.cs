using System.Buffers;
using System.Diagnostics;
using System.Net.WebSockets;
using Tandem.Cli.Checking;
using Tandem.Cli.Messages;
using Tandem.Cli.Targets;

namespace Tandem.Cli.Load;

/// <summary>
/// One WebSocket of a pair session: sends this side's messages and runs a receive loop that checks
/// every forwarded message and wakes the session when what it waits for has arrived.
/// </summary>
public sealed partial class LoadPeer : IAsyncDisposable
{
    private readonly ClientWebSocket _socket = new();
    private readonly ISignalingProtocol _protocol;
    private readonly DeliveryChecker? _checker;
    private readonly LoadStats _stats;
    private readonly ArrayBufferWriter<byte> _out = new(8192);
    private readonly TaskCompletionSource<string?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _peerLeft = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly int _initialBuffer;
    private long _received;
    private long _waitTarget = long.MaxValue;
    private TaskCompletionSource? _waiter;
    private long _nextSeq;
    private Task _receiveLoop = Task.CompletedTask;
    private bool _opened;
    private volatile bool _closing;

    /// <summary>Creates side <paramref name="self"/>; <paramref name="checker"/> is null for held connections.</summary>
    public LoadPeer(PeerIdentity self, ISignalingProtocol protocol, DeliveryChecker? checker, LoadStats stats, int initialBuffer = 8192)
    {
        Self = self;
        _protocol = protocol;
        _checker = checker;
        _stats = stats;
        _initialBuffer = initialBuffer;
        _socket.Options.KeepAliveInterval = TimeSpan.Zero;
    }

    /// <summary>This connection's names.</summary>
    public PeerIdentity Self { get; }

    /// <summary>Completes with the role (R18) or null once the server says the pair is ready.</summary>
    public Task<string?> Ready => _ready.Task;

    /// <summary>Completes when the peer's leave arrives.</summary>
    public Task PeerLeft => _peerLeft.Task;

    /// <summary>Completes with the error key when the server reports an error or the socket fails.</summary>
    public Task<string> Failed => _failed.Task;

    /// <summary>Opens the WebSocket through <paramref name="invoker"/> (which binds the source address).</summary>
    public async Task ConnectAsync(Uri server, HttpMessageInvoker invoker, CancellationToken ct)
    {
        await _socket.ConnectAsync(_protocol.ConnectUri(server, Self), invoker, ct).ConfigureAwait(false);
        _opened = true;
        _stats.ConnectionDelta(1);
        _receiveLoop = Task.Run(() => ReceiveLoopAsync(CancellationToken.None), CancellationToken.None);
    }

    /// <summary>Sends the join message, if the protocol has one.</summary>
    public Task SendJoinAsync(CancellationToken ct)
    {
        _out.ResetWrittenCount();
        return _protocol.WriteJoin(_out, Self) ? SendAsync(ct) : Task.CompletedTask;
    }

    /// <summary>Sends the leave message, if the protocol has one; false when it has none.</summary>
    public async Task<bool> SendLeaveAsync(CancellationToken ct)
    {
        _out.ResetWrittenCount();
        if (!_protocol.WriteLeave(_out, Self))
        {
            return false;
        }

        await SendAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>Sends the next offer, answer or candidate of this side's stream.</summary>
    public async Task SendSignalAsync(SignalKind kind, int iceIndex, CancellationToken ct)
    {
        _out.ResetWrittenCount();
        var tag = new LoadTag(Self.Pair, Self.Side, _nextSeq++, Stopwatch.GetTimestamp());
        _protocol.WriteSignal(_out, Self, kind, iceIndex, tag);
        await SendAsync(ct).ConfigureAwait(false);
        _checker?.RecordSent(Self.Pair, Self.Side);
    }

    /// <summary>Waits until <paramref name="count"/> forwarded messages have arrived from the peer.</summary>
    public Task WaitForReceivedAsync(long count, CancellationToken ct)
    {
        lock (_gate)
        {
            if (_received >= count)
            {
                return Task.CompletedTask;
            }

            _waitTarget = count;
            _waiter = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
            return _waiter.Task.WaitAsync(ct);
        }
    }

    /// <summary>Starts the close handshake and waits (bounded by <paramref name="ct"/>) for the receive loop to end.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        _closing = true;
        if (_socket.State == WebSocketState.Open)
        {
            await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, null, ct).ConfigureAwait(false);
        }

        await _receiveLoop.WaitAsync(ct).ConfigureAwait(false);
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        _socket.Abort();
        _socket.Dispose();
        await _receiveLoop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        if (_opened)
        {
            _opened = false;
            _stats.ConnectionDelta(-1);
        }
    }

    private async Task SendAsync(CancellationToken ct) =>
        await _socket.SendAsync(_out.WrittenMemory, WebSocketMessageType.Text, endOfMessage: true, ct).ConfigureAwait(false);
}
