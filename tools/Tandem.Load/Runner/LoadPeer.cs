using System.Diagnostics;
using Tandem.Load.Checking;
using Tandem.Load.Messages;
using Tandem.Load.Net;
using Tandem.Load.Targets;

namespace Tandem.Load.Runner;

/// <summary>
/// One WebSocket of a pair session: sends this side's messages (a side's offer or answer and its
/// candidates in one send) and, from its <see cref="WebSocketClient"/>'s receive loop, checks every
/// forwarded message and wakes the session when what it waits for has arrived.
/// </summary>
public sealed partial class LoadPeer : IAsyncDisposable
{
    private readonly ISignalingProtocol _protocol;
    private readonly DeliveryChecker? _checker;
    private readonly LoadStats _stats;
    private readonly WebSocketFrameBuilder _out;
    private readonly TaskCompletionSource<string?> _ready = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource _peerLeft = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly TaskCompletionSource<string> _failed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Lock _gate = new();
    private readonly int _bufferSize;
    private WebSocketClient? _client;
    private long _received;
    private long _waitTarget = long.MaxValue;
    private TaskCompletionSource? _waiter;
    private long _nextSeq;
    private volatile bool _closing;

    /// <summary>
    /// Creates side <paramref name="self"/>; <paramref name="checker"/> is null for held connections.
    /// <paramref name="bufferSize"/> is the first size of the receive and send buffers (they grow as needed):
    /// the default holds an offer and a few dozen candidates, so a round's batch is framed without growing.
    /// </summary>
    public LoadPeer(PeerIdentity self, ISignalingProtocol protocol, DeliveryChecker? checker, LoadStats stats, int bufferSize = 16384)
    {
        Self = self;
        _protocol = protocol;
        _checker = checker;
        _stats = stats;
        _bufferSize = bufferSize;
        _out = new WebSocketFrameBuilder(bufferSize);
    }

    /// <summary>This connection's names.</summary>
    public PeerIdentity Self { get; }

    /// <summary>Completes with the role (R18) or null once the server says the pair is ready.</summary>
    public Task<string?> Ready => _ready.Task;

    /// <summary>Completes when the peer's leave arrives.</summary>
    public Task PeerLeft => _peerLeft.Task;

    /// <summary>Completes with the error key when the server reports an error or the socket fails.</summary>
    public Task<string> Failed => _failed.Task;

    /// <summary>Opens the WebSocket through <paramref name="connector"/> (which binds the source address).</summary>
    public async Task ConnectAsync(Uri server, SocketConnector connector, CancellationToken ct)
    {
        _client = await WebSocketClient.ConnectAsync(_protocol.ConnectUri(server, Self), connector, new Receiver(this), _bufferSize, ct)
            .ConfigureAwait(false);
        _stats.ConnectionDelta(1);
    }

    /// <summary>Sends the join message, if the protocol has one.</summary>
    public async Task SendJoinAsync(CancellationToken ct)
    {
        _out.Clear();
        if (_protocol.WriteJoin(_out.BeginMessage(), Self))
        {
            _out.EndMessage();
            await SendAsync(ct).ConfigureAwait(false);
        }
    }

    /// <summary>Sends the leave message, if the protocol has one; false when it has none.</summary>
    public async Task<bool> SendLeaveAsync(CancellationToken ct)
    {
        _out.Clear();
        if (!_protocol.WriteLeave(_out.BeginMessage(), Self))
        {
            return false;
        }

        _out.EndMessage();
        await SendAsync(ct).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// Sends this side's next <paramref name="kind"/> (offer or answer) and <paramref name="candidates"/>
    /// ICE candidates numbered from <paramref name="firstIce"/>, all in one send; each message is
    /// stamped as it is written.
    /// </summary>
    public async Task SendSignalsAsync(SignalKind kind, int firstIce, int candidates, CancellationToken ct)
    {
        _out.Clear();
        WriteSignal(kind, 0);
        for (var i = 0; i < candidates; i++)
        {
            WriteSignal(SignalKind.Ice, firstIce + i);
        }

        await SendAsync(ct).ConfigureAwait(false);
        if (_checker is not null)
        {
            for (var i = 0; i <= candidates; i++)
            {
                _checker.RecordSent(Self.Pair, Self.Side);
            }
        }
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

    /// <summary>Starts the close handshake and waits (bounded by <paramref name="ct"/>) for the server's close.</summary>
    public async Task CloseAsync(CancellationToken ct)
    {
        _closing = true;
        if (_client is { } client)
        {
            await client.CloseAsync(ct).ConfigureAwait(false);
            await client.Completion.WaitAsync(ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        _closing = true;
        if (Interlocked.Exchange(ref _client, null) is { } client)
        {
            await client.DisposeAsync().ConfigureAwait(false);
            _stats.ConnectionDelta(-1);
        }

        // Nothing sends any more: the session awaited its sends before disposing.
        _out.Dispose();
    }

    private void WriteSignal(SignalKind kind, int iceIndex)
    {
        var tag = new LoadTag(Self.Pair, Self.Side, _nextSeq++, Stopwatch.GetTimestamp());
        _protocol.WriteSignal(_out.BeginMessage(), Self, kind, iceIndex, tag);
        _out.EndMessage();
    }

    private async Task SendAsync(CancellationToken ct)
    {
        var client = _client ?? throw new InvalidOperationException("not connected");
        await client.SendAsync(_out.Frames, ct).ConfigureAwait(false);
    }
}
