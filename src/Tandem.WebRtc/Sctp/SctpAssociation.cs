using System.Security.Cryptography;
using Tandem.WebRtc.Events;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// One SCTP association (RFC 9260) over a datagram transport — for WebRTC, the DTLS transport (RFC 8261).
/// Handles the 4-way handshake (either or both sides may start), reliable and partially reliable
/// (RFC 3758) delivery with congestion control, ordered/unordered streams and stream reset (RFC 6525).
/// </summary>
/// <remarks>
/// Threading: all protocol state is guarded by one lock. Received datagrams, timer callbacks and API
/// calls take it, update state and queue outgoing packets and events; packets are sent and events raised
/// only after the lock is released (so a handler may call back into this object or another association
/// without deadlock). Events are raised one at a time, in order.
/// <para>
/// Typical use over DTLS: <c>var sctp = new SctpAssociation(dtls, new() { RemotePort = remoteSctpPort });
/// var channels = new DataChannelManager(sctp, isDtlsClient, remoteMaxMessageSize); sctp.Connect();</c> on both
/// peers once DTLS is connected (simultaneous open is fine); <see cref="Shutdown"/> or <see cref="Abort"/>, then
/// <see cref="Dispose"/>, when the peer connection closes.
/// </para>
/// </remarks>
internal sealed partial class SctpAssociation : IDisposable
{
    private readonly object _lock = new();
    private readonly IDatagramTransport _transport;
    private readonly TimeProvider _time;
    private readonly SctpAssociationOptions _options;
    private readonly byte[] _cookieKey = RandomNumberGenerator.GetBytes(32);
    private readonly SctpRtoEstimator _rto;
    private readonly SctpReassemblyQueue _reassembly;
    private readonly SctpRetransmitQueue _retransmitQueue = new();
    private readonly Queue<SctpOutboundMessage> _sendQueue = new();
    private readonly Dictionary<ushort, SctpOutboundStream> _outStreams = [];
    private readonly SctpTimer _t1;
    private readonly SctpTimer _t2;
    private readonly SctpTimer _t3;
    private readonly SctpTimer _delayedAck;
    private readonly SctpTimer _heartbeat;
    private readonly SctpTimer _reconfigTimer;
    private SctpCongestionController _cc;
    private SctpTsnTracker _tsns = new(0);
    private SctpAssociationState _state;
    private uint _myTag;
    private uint _peerTag;
    private uint _myInitialTsn;
    private uint _nextTsn;
    private uint _cumAckFromPeer;
    private long _peerRwnd;
    private long _flightSize;
    private bool _peerForwardTsn;
    private bool _peerReConfig;
    private byte[]? _cookieToEcho;
    private int _errorCount;
    private bool _disposed;

    /// <summary>
    /// Creates an association over <paramref name="transport"/>; it answers an incoming INIT at once, and <see cref="Connect"/> starts one.
    /// Over DTLS, call <see cref="Connect"/> before the first record can arrive (PeerConnection does so on the DTLS-connected transition):
    /// in COOKIE-WAIT every handshake order converges (RFC 9260 §5.2).
    /// </summary>
    public SctpAssociation(IDatagramTransport transport, SctpAssociationOptions? options = null, TimeProvider? timeProvider = null)
    {
        _transport = transport;
        _options = options ?? new SctpAssociationOptions();
        _time = timeProvider ?? TimeProvider.System;
        _events = new SerialEventQueue<PendingEvent>(Dispatch);
        _rto = new SctpRtoEstimator(_options.RtoInitial, _options.RtoMin, _options.RtoMax);
        _reassembly = new SctpReassemblyQueue(m => Raise(new PendingEvent(EventKind.Message, m.StreamId, m)));
        _cc = new SctpCongestionController(_options.Mtu, _options.ReceiveWindow);
        _t1 = new SctpTimer(_time, OnTimer);
        _t2 = new SctpTimer(_time, OnTimer);
        _t3 = new SctpTimer(_time, OnTimer);
        _delayedAck = new SctpTimer(_time, OnTimer);
        _heartbeat = new SctpTimer(_time, OnTimer);
        _reconfigTimer = new SctpTimer(_time, OnTimer);
        _transport.Received += OnDatagram;
    }

    /// <summary>Raised once when the association reaches ESTABLISHED.</summary>
    public event Action? Established;

    /// <summary>Raised for every complete user message, in stream order for ordered messages.</summary>
    public event Action<SctpMessage>? MessageReceived;

    /// <summary>Raised once when the association ends; the argument is null after a graceful shutdown, else the reason.</summary>
    public event Action<string?>? Closed;

    /// <summary>The peer reset its outgoing stream with this id (RFC 6525): no more data will arrive on it.</summary>
    public event Action<ushort>? IncomingStreamReset;

    /// <summary>Our reset of this outgoing stream completed (RFC 6525): its SSN restarted at 0.</summary>
    public event Action<ushort>? OutgoingStreamReset;

    /// <summary>A stream's buffered amount fell to or below its threshold (see <see cref="SetBufferedAmountLowThreshold"/>).</summary>
    public event Action<ushort>? BufferedAmountLow;

    /// <summary>The options this association runs with.</summary>
    public SctpAssociationOptions Options => _options;

    public SctpAssociationState State
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Whether the peer announced FORWARD-TSN (partial reliability) support.</summary>
    public bool PeerSupportsPartialReliability
    {
        get
        {
            lock (_lock)
            {
                return _peerForwardTsn;
            }
        }
    }

    /// <summary>
    /// Queues one user message. Throws <see cref="ArgumentException"/> when it is larger than
    /// <see cref="SctpAssociationOptions.MaxMessageSize"/> or empty (RFC 9260 §6.1: SCTP has no empty messages),
    /// and <see cref="InvalidOperationException"/> when the association is not open for sending.
    /// </summary>
    public void Send(ushort streamId, uint ppid, ReadOnlySpan<byte> data, SctpSendOptions options = default)
    {
        if (data.Length > _options.MaxMessageSize)
        {
            throw new ArgumentException($"Message of {data.Length} bytes exceeds the maximum message size of {_options.MaxMessageSize} bytes.", nameof(data));
        }

        if (data.IsEmpty)
        {
            throw new ArgumentException("SCTP cannot carry an empty user message.", nameof(data));
        }

        lock (_lock)
        {
            if (_state is not (SctpAssociationState.Established or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
            {
                throw new InvalidOperationException($"Cannot send in association state {_state}.");
            }

            var expiresAt = options.MaxLifetime is { } lifetime
                ? _time.GetTimestamp() + (long)(lifetime.TotalSeconds * _time.TimestampFrequency)
                : long.MaxValue;
            var message = SctpOutboundMessage.Create(streamId, ppid, data, options, expiresAt);
            var stream = GetOutboundStream(streamId);
            stream.BufferedAmount += data.Length;
            _unsentBytes += data.Length;
            stream.QueuedMessages++;
            _sendQueue.Enqueue(message);
            FlushLocked();
        }

        AfterUnlock();
    }

    /// <summary>Bytes queued on a stream and not yet transmitted (W3C RTCDataChannel.bufferedAmount).</summary>
    public long GetBufferedAmount(ushort streamId)
    {
        lock (_lock)
        {
            return _outStreams.TryGetValue(streamId, out var s) ? s.BufferedAmount : 0;
        }
    }

    /// <summary>Sets the threshold under which <see cref="BufferedAmountLow"/> fires for a stream.</summary>
    public void SetBufferedAmountLowThreshold(ushort streamId, long threshold)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(threshold);
        lock (_lock)
        {
            GetOutboundStream(streamId).BufferedAmountLowThreshold = threshold;
        }
    }

    /// <summary>A snapshot of congestion state and counters.</summary>
    public SctpAssociationStatistics GetStatistics()
    {
        lock (_lock)
        {
            return new SctpAssociationStatistics
            {
                PacketsSent = _counters.PacketsSent,
                PacketsReceived = _counters.PacketsReceived,
                DataChunksSent = _counters.DataChunksSent,
                DataChunksRetransmitted = _counters.DataChunksRetransmitted,
                FastRetransmits = _counters.FastRetransmits,
                RetransmissionTimeouts = _counters.RetransmissionTimeouts,
                ForwardTsnSent = _counters.ForwardTsnSent,
                ForwardTsnReceived = _counters.ForwardTsnReceived,
                MessagesAbandoned = _counters.MessagesAbandoned,
                CongestionWindow = _cc.Cwnd,
                SlowStartThreshold = _cc.Ssthresh,
                InFastRecovery = _cc.InFastRecovery,
                FlightSize = _flightSize,
                PeerReceiveWindow = _peerRwnd,
                Rto = _rto.Rto,
                SmoothedRtt = _rto.SmoothedRtt,
            };
        }
    }

    /// <summary>Stops timers and detaches from the transport without telling the peer (use <see cref="Abort"/> or <see cref="Shutdown"/> first).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            StopAllTimers();
        }

        _transport.Received -= OnDatagram;
        _t1.Dispose();
        _t2.Dispose();
        _t3.Dispose();
        _delayedAck.Dispose();
        _heartbeat.Dispose();
        _reconfigTimer.Dispose();
    }

    private SctpOutboundStream GetOutboundStream(ushort streamId)
    {
        if (!_outStreams.TryGetValue(streamId, out var stream))
        {
            stream = new SctpOutboundStream();
            _outStreams[streamId] = stream;
        }

        return stream;
    }

    private long Now => _time.GetTimestamp();

    private void StopAllTimers()
    {
        _t1.Stop();
        _t2.Stop();
        _t3.Stop();
        _delayedAck.Stop();
        _heartbeat.Stop();
        _reconfigTimer.Stop();
    }

    /// <summary>RFC 9260 §5.3.1: tags and initial TSNs come from a strong random source; tags are never 0.</summary>
    private static uint RandomUInt32(bool nonZero)
    {
        Span<byte> bytes = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BitConverter.ToUInt32(bytes);
        }
        while (nonZero && value == 0);
        return value;
    }
}
