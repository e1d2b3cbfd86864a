using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Events;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    private readonly SerialEventQueue<Action> _events = SerialEventQueue.OfActions();
    private RtcPeerConnectionState _connectionState;
    private IceConnectionState _iceState;
    private DtlsState _dtlsState;
    private string? _failureReason;
    private DateTimeOffset? _gatheringCompletedAt;
    private DateTimeOffset? _iceConnectedAt;
    private DateTimeOffset? _dtlsConnectedAt;
    private DateTimeOffset? _sctpEstablishedAt;
    private bool _sctpFailed;
    private DateTimeOffset? _firstChannelOpenAt;
    private int _channelsOpened;

    /// <summary>W3C <c>connectionState</c>: ICE and DTLS combined, and SCTP when a data section was negotiated (Connected once it is established).</summary>
    public RtcPeerConnectionState ConnectionState { get { lock (_gate) { return _connectionState; } } }

    /// <summary>W3C <c>iceConnectionState</c>.</summary>
    public IceConnectionState IceConnectionState { get { lock (_gate) { return _closed ? IceConnectionState.Closed : _iceState; } } }

    /// <summary>Why the connection failed ("ICE failed", "DTLS: ..." or "SCTP: ..." with the layer's reason), once it did.</summary>
    public string? FailureReason { get { lock (_gate) { return _failureReason; } } }

    /// <summary>Raised when <see cref="ConnectionState"/> changes.</summary>
    public event Action<RtcPeerConnectionState>? ConnectionStateChanged;

    /// <summary>Raised when <see cref="IceConnectionState"/> changes.</summary>
    public event Action<IceConnectionState>? IceConnectionStateChanged;

    /// <summary>Timestamps of each setup step and every layer's counters (W3C <c>getStats</c>).</summary>
    public PeerConnectionStats GetStats()
    {
        Ice.IceAgent? ice;
        DtlsTransport? dtls;
        Sctp.SctpAssociation? sctp;
        PeerConnectionStats stats;
        lock (_gate)
        {
            (ice, dtls, sctp) = (_ice, _dtls, _sctp);
            stats = new PeerConnectionStats
            {
                CreatedAt = _createdAt,
                GatheringCompletedAt = _gatheringCompletedAt,
                IceConnectedAt = _iceConnectedAt,
                DtlsConnectedAt = _dtlsConnectedAt,
                SctpEstablishedAt = _sctpEstablishedAt,
                FirstDataChannelOpenAt = _firstChannelOpenAt,
                ConnectionState = _connectionState,
                FailureReason = _failureReason,
                DataChannelsOpened = _channelsOpened,
            };
        }

        return WithMediaSteps(stats with { Ice = ice?.GetStats(), Dtls = dtls?.GetStats(), Sctp = sctp?.GetStatistics() });
    }

    /// <summary>
    /// W3C §4.3.3 "update the connection state", from the ICE and DTLS states (under the lock). W3C counts
    /// only those transports; with a data section we also wait for SCTP (issue 12), so Connected means the
    /// data channels can open, and an association that never comes up fails the connection.
    /// </summary>
    private void UpdateConnectionStateLocked()
    {
        var sctpReady = _plan?.DataMid is null || _sctpEstablishedAt is not null;
        var next = _closed ? RtcPeerConnectionState.Closed
            : _iceState == IceConnectionState.Failed || _dtlsState == DtlsState.Failed || _sctpFailed ? RtcPeerConnectionState.Failed
            : _iceState == IceConnectionState.Disconnected ? RtcPeerConnectionState.Disconnected
            : _iceState is IceConnectionState.Connected or IceConnectionState.Completed && _dtlsState == DtlsState.Connected && sctpReady
                ? RtcPeerConnectionState.Connected
            : _iceState == IceConnectionState.New && _dtlsState == DtlsState.New ? RtcPeerConnectionState.New
            : RtcPeerConnectionState.Connecting;
        if (next != _connectionState)
        {
            _connectionState = next;
            Raise(() => SubscriberDispatch.Invoke(ConnectionStateChanged, next, "PeerConnection.ConnectionStateChanged", _options.Logger));
        }
    }

    /// <summary>Queues an event (under the lock); <see cref="FlushEvents"/> raises it after the lock is released.</summary>
    private void Raise(Action action) => _events.Enqueue(action);

    /// <summary>
    /// Raises queued events outside the lock, in order, one thread at a time. Each queued event goes through
    /// <see cref="SubscriberDispatch"/>: a subscriber that throws is logged and skipped, as in <see cref="IceAgent"/>;
    /// which thread raises an event is a race (the DTLS receive thread, a timer, Close), so its fault cannot be that thread's.
    /// </summary>
    private void FlushEvents() => _events.Dispatch();
}
