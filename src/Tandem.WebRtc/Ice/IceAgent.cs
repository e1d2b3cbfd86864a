using System.Security.Cryptography;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// A full ICE agent (RFC 8445) for one data stream with one component (BUNDLE + rtcp-mux), over
/// real UDP sockets: host, server-reflexive and relayed (TURN, RFC 8656) gathering, paced connectivity checks with
/// retransmits and triggered checks, roles with tie-breaking, regular nomination (and the peer's
/// aggressive nomination), peer-reflexive learning, trickle, consent freshness (RFC 7675) and
/// ICE restart. Once a pair is selected, <see cref="Transport"/> carries DTLS and RTP/RTCP.
/// </summary>
/// <remarks>
/// Threading: every piece of state is guarded by <c>_gate</c>; socket receive loops and the Ta timer
/// take it for STUN work. The data path (<see cref="Transport"/>) never takes it: it reads the
/// volatile <c>_sendPair</c>/<c>_dataPairs</c> snapshots. Events are queued under the lock and raised
/// after it is released, in order, by one thread at a time.
/// </remarks>
internal sealed partial class IceAgent : IDisposable
{
    private readonly Lock _gate = new();
    private readonly IceAgentOptions _options;
    private readonly IIceSocketFactory _sockets;
    private readonly TimeProvider _time;
    private readonly long _startTimestamp;
    private readonly ulong _tieBreaker;
    private readonly List<IceLocalEndpoint> _locals = [];
    private readonly List<IceCandidate> _localCandidates = [];
    private readonly List<IceCandidate> _remoteCandidates = [];
    private readonly IceCheckList _checkList = new();
    private readonly Dictionary<Stun.StunTransactionId, IceTransaction> _transactions = [];
    private readonly List<IceTransaction> _scratch = [];
    private readonly TaskCompletionSource _gatheringDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private ITimer? _timer;
    private IceCredentials _localCredentials;
    private IceCredentials? _previousLocalCredentials;

    /// <summary>Credentials of a finished generation, still accepted on the selected pair only (the peer may keep using them there).</summary>
    private IceCredentials? _retiredLocalCredentials;
    private IceCredentials? _remoteCredentials;
    private IceCredentials? _legacyRemoteCredentials;
    private IceCandidatePair? _selected;
    private IceCandidatePair? _pendingNomination;
    private volatile IceCandidatePair? _sendPair;
    private volatile IceCandidatePair[] _dataPairs = [];
    private int _generation;
    private IceRole _role;
    private IceConnectionState _state = IceConnectionState.New;
    private IceGatheringState _gatheringState = IceGatheringState.New;
    private bool _remoteEndOfCandidates;
    private bool _consentLost;
    private bool _closed;
    private TimeSpan? _firstValidAt;
    private TimeSpan? _lastCheckAt;
    private TimeSpan _nextConsentAt;
    private TimeSpan _gatheringDeadline;
    private int _prflxCount;

    /// <summary>Creates an agent on the machine's real UDP sockets.</summary>
    public IceAgent(IceAgentOptions? options = null)
        : this(options ?? new IceAgentOptions(), UdpIceSocketFactory.Instance)
    {
    }

    internal IceAgent(IceAgentOptions options, IIceSocketFactory sockets)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _sockets = sockets;
        _time = options.TimeProvider;
        _startTimestamp = _time.GetTimestamp();
        _role = options.Role;
        _localCredentials = options.LocalCredentials ?? IceCredentials.Generate();
        Span<byte> random = stackalloc byte[8];
        RandomNumberGenerator.Fill(random);
        _tieBreaker = BitConverter.ToUInt64(random);
        Transport = new IceDatagramTransport(this);
    }

    /// <summary>The current role (may flip on a role conflict, RFC 8445 §7.3.1.1).</summary>
    public IceRole Role { get { lock (_gate) { return _role; } } }

    /// <summary>The 64-bit tie-breaker sent in ICE-CONTROLLING / ICE-CONTROLLED (RFC 8445 §7.1.3).</summary>
    public ulong TieBreaker => _tieBreaker;

    /// <summary>Local ufrag and password to signal (<c>a=ice-ufrag</c>, <c>a=ice-pwd</c>).</summary>
    public IceCredentials LocalCredentials { get { lock (_gate) { return _localCredentials; } } }

    /// <summary>The peer's credentials, once set.</summary>
    public IceCredentials? RemoteCredentials { get { lock (_gate) { return _remoteCredentials; } } }

    /// <summary>Connection state (W3C <c>iceConnectionState</c>).</summary>
    public IceConnectionState ConnectionState { get { lock (_gate) { return _state; } } }

    /// <summary>Gathering state (W3C <c>iceGatheringState</c>).</summary>
    public IceGatheringState GatheringState { get { lock (_gate) { return _gatheringState; } } }

    /// <summary>Local candidates gathered so far.</summary>
    public IReadOnlyList<IceCandidate> LocalCandidates { get { lock (_gate) { return [.. _localCandidates]; } } }

    /// <summary>Remote candidates: signaled ones and peer-reflexive ones learned from checks.</summary>
    public IReadOnlyList<IceCandidate> RemoteCandidates { get { lock (_gate) { return [.. _remoteCandidates]; } } }

    /// <summary>The check list, highest priority first.</summary>
    public IReadOnlyList<IceCandidatePair> CandidatePairs { get { lock (_gate) { return [.. _checkList.Pairs]; } } }

    /// <summary>The selected (nominated) pair, or null.</summary>
    public IceCandidatePair? SelectedPair { get { lock (_gate) { return _selected; } } }

    /// <summary>
    /// The datagram stream over the selected pair (before nomination: over the best valid pair; what is
    /// sent while the agent is still checking waits for the first usable pair).
    /// Demultiplexed per RFC 7983: STUN (first byte 0–3) stays inside the agent; DTLS (20–63) and
    /// RTP/RTCP (128–191) are raised through <see cref="IDatagramTransport.Received"/>; the rest is dropped.
    /// </summary>
    public IDatagramTransport Transport { get; }

    /// <summary>A local candidate was gathered: signal it to the peer (trickle).</summary>
    public event Action<IceCandidate>? LocalCandidateGathered;

    /// <summary>Gathering state changed; <see cref="IceGatheringState.Complete"/> means end-of-candidates.</summary>
    public event Action<IceGatheringState>? GatheringStateChanged;

    /// <summary>Connection state changed.</summary>
    public event Action<IceConnectionState>? ConnectionStateChanged;

    /// <summary>A new pair was selected (first connection, better nomination, or after an ICE restart).</summary>
    public event Action<IceCandidatePair>? SelectedPairChanged;

    /// <summary>Closes the sockets and stops every timer; the state becomes <see cref="IceConnectionState.Closed"/>.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            _closed = true;
            _timer?.Dispose();
            foreach (var local in _locals)
            {
                local.Socket.Dispose();
            }

            CloseAllocations();

            _transactions.Clear();
            _sendPair = null;
            _dataPairs = [];
            _heldSends.Clear();
            SetState(IceConnectionState.Closed);
            _gatheringDone.TrySetCanceled();
        }

        FlushEvents();
    }

    private TimeSpan Now => _time.GetElapsedTime(_startTimestamp);
}
