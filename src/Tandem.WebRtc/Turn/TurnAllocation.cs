using System.Net;
using Tandem.WebRtc.Events;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Turn;

/// <summary>Relayed data from a peer; both arguments are valid only during the call.</summary>
internal delegate void TurnDataHandler(ReadOnlySpan<byte> data, SocketAddress peer);

/// <summary>
/// One TURN allocation (RFC 8656) on one server: Allocate with the long-term credential mechanism
/// (RFC 8489 §9.2: a first request without credentials, the 401's REALM and NONCE, then signed
/// requests; a 438 Stale Nonce is retried with the new nonce), Refresh before expiry (§8),
/// CreatePermission per peer IP (§9, refreshed every 4 minutes), ChannelBind per peer (§12, refreshed
/// every 9), Send/Data indications and ChannelData for the data, and a Refresh with LIFETIME 0 on close.
/// </summary>
/// <remarks>
/// Threading: requests, timers and tables are guarded by <c>_gate</c>; the connection's receive thread
/// and the timer take it for STUN work. The data path in both directions reads the volatile peer
/// snapshot and the volatile flags of permissions and channels without it. Events are raised after the
/// lock is released, only from the receive thread, the timer and the connect continuation: never from
/// a caller's <see cref="SendTo"/> or <see cref="Close"/>, which the ICE agent calls under its own lock.
/// </remarks>
internal sealed partial class TurnAllocation : IDisposable
{
    private readonly Lock _gate = new();
    private readonly TurnServer _server;
    private readonly ITurnConnection _connection;
    private readonly TurnAllocationOptions _options;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly SerialEventQueue<Action> _events = SerialEventQueue.OfActions();
    private readonly CancellationTokenSource _stop = new();
    private readonly TaskCompletionSource _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private TurnAllocationState _state;
    private TimeSpan _refreshAt = TimeSpan.MaxValue;
    private TimeSpan _closeDeadline = TimeSpan.MaxValue;

    public TurnAllocation(TurnServer server, ITurnConnection connection, TimeProvider time, TurnAllocationOptions? options = null)
    {
        _server = server;
        _connection = connection;
        _time = time;
        _options = options ?? new TurnAllocationOptions();
        _startTimestamp = time.GetTimestamp();
    }

    /// <summary>The server this allocation is on.</summary>
    public TurnServer Server => _server;

    /// <summary>The current state.</summary>
    public TurnAllocationState State { get { lock (_gate) { return _state; } } }

    /// <summary>The relayed transport address (XOR-RELAYED-ADDRESS), once allocated.</summary>
    public IPEndPoint? RelayedEndPoint { get; private set; }

    /// <summary>Our address as the server saw it (XOR-MAPPED-ADDRESS): the relayed candidate's related address.</summary>
    public IPEndPoint? MappedEndPoint { get; private set; }

    /// <summary>The lifetime the server granted last (RFC 8656 §8).</summary>
    public TimeSpan Lifetime { get; private set; }

    /// <summary>Why the allocation failed or was lost, when it did.</summary>
    public TurnError? Error { get; private set; }

    /// <summary>The link to the server (buffer sizes, transport).</summary>
    public ITurnConnection Connection => _connection;

    /// <summary>The relayed address is ready: raised once.</summary>
    public event Action<TurnAllocation>? Allocated;

    /// <summary>The allocation could not be made or was lost: raised once, with <see cref="Error"/>.</summary>
    public event Action<TurnAllocation, TurnError>? Failed;

    /// <summary>Receives relayed data from peers (one handler; set before data can arrive).</summary>
    public TurnDataHandler? DataHandler { get; set; }

    private TimeSpan Now => _time.GetElapsedTime(_startTimestamp);

    /// <summary>Connects and sends the first Allocate; returns at once. <see cref="Allocated"/> or <see cref="Failed"/> follows.</summary>
    public void Start()
    {
        lock (_gate)
        {
            if (_state != TurnAllocationState.New)
            {
                return;
            }

            _state = TurnAllocationState.Connecting;
            _timer = _time.CreateTimer(_ => OnTimer(), null, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        }

        _ = ConnectAsync();
    }

    /// <summary>
    /// Deletes the allocation (RFC 8656 §8: Refresh with LIFETIME 0) and closes the link once the server
    /// answers or <see cref="TurnAllocationOptions.CloseTimeout"/> passed. Returns at once; the task
    /// completes when the link is closed. Raises no event.
    /// </summary>
    public Task Close()
    {
        lock (_gate)
        {
            switch (_state)
            {
                case TurnAllocationState.Allocated:
                    _state = TurnAllocationState.Closing;
                    _closeDeadline = Now + _options.CloseTimeout;
                    SendRequest(StunMethod.Refresh, lifetime: 0);
                    Schedule();
                    break;
                case TurnAllocationState.Closing or TurnAllocationState.Closed:
                    break;
                default:
                    FinishLocked(TurnAllocationState.Closed);
                    break;
            }
        }

        return _closed.Task;
    }

    /// <inheritdoc />
    public void Dispose() => _ = Close();

    private async Task ConnectAsync()
    {
        try
        {
            await _connection.ConnectAsync(OnFrame, OnConnectionClosed, _stop.Token).ConfigureAwait(false);
        }
        catch (TurnConnectException e)
        {
            Fail(new TurnError(_server.Url, 0, e.Message));
            return;
        }
        catch (OperationCanceledException)
        {
            return;
        }

        lock (_gate)
        {
            if (_state != TurnAllocationState.Connecting)
            {
                return;
            }

            _state = TurnAllocationState.Allocating;
            SendRequest(StunMethod.Allocate);
            Schedule();
        }
    }

    private void OnConnectionClosed(string reason)
    {
        lock (_gate)
        {
            if (_state is TurnAllocationState.Closing)
            {
                FinishLocked(TurnAllocationState.Closed);
                return;
            }
        }

        Fail(new TurnError(_server.Url, 0, $"{_server.Url}: {reason}; the relayed candidate is gone"));
    }

    /// <summary>Fails the allocation (from outside the lock) and raises <see cref="Failed"/>.</summary>
    private void Fail(TurnError error)
    {
        lock (_gate)
        {
            FailLocked(error);
        }

        FlushEvents();
    }

    private void FailLocked(TurnError error)
    {
        if (_state is TurnAllocationState.Failed or TurnAllocationState.Closed)
        {
            return;
        }

        Error = error;
        FinishLocked(TurnAllocationState.Failed);
        _events.Enqueue(() => Failed?.Invoke(this, error));
    }

    /// <summary>The end: timers stop, the link closes, <see cref="Close"/>'s task completes.</summary>
    private void FinishLocked(TurnAllocationState state)
    {
        _state = state;
        _timer?.Dispose();
        _transactions.Clear();
        _stop.Cancel();
        _connection.Dispose();
        _closed.TrySetResult();
    }

    private void FlushEvents() => _events.Dispatch();
}
