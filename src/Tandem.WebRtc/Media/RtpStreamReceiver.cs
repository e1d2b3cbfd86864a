using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

/// <summary>
/// One incoming RTP stream: statistics for RRs (RFC 3550 §6.4.1), gap tracking for generic NACKs
/// (RFC 4585 §6.2.1), a reorder buffer that holds packets back while a retransmission may fill a
/// gap, and a rate-limited PLI (RFC 4585 §6.3.1). Packets leave in sequence order to the payload
/// layer. Built by <see cref="H264RtpReceiver"/> and <see cref="OpusRtpReceiver"/>.
/// </summary>
internal sealed class RtpStreamReceiver : IDisposable
{
    // Most sequence numbers one NACK asks for; more wait for the next one.
    private const int MaxNacksPerFeedback = 128;

    // Guards the statistics' creation, the NACK and reorder state and the sink: packets arrive on
    // the receive thread while the feedback timer drains the reorder buffer.
    private readonly Lock _lock = new();
    private readonly RtpMediaSession _session;
    private readonly RtpReceiverOptions _options;
    private readonly IRtpPacketSink _sink;
    private readonly RtpNackGenerator? _nack;
    private readonly RtpReorderBuffer _reorder;
    private readonly RtcpKeyframeRequestThrottle _keyframeThrottle;
    private RtpReceiveStatistics? _statistics;
    private uint _remoteSsrc;
    private bool _disposed;
    private long _nacksSent;
    private long _plisSent;
    private long _retransmissions;
    private long _emptyRetransmissions;

    internal RtpStreamReceiver(RtpMediaSession session, RtpReceiverOptions options, IRtpPacketSink sink)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PayloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClockRate, 1);
        _session = session;
        _options = options;
        if (options.RtxPayloadType is { } rtx && (rtx > 127 || rtx == options.PayloadType))
        {
            throw new ArgumentException("The RTX payload type must be 0–127 and differ from the media's (RFC 4588 §8).", nameof(options));
        }

        _sink = sink;
        _nack = options.Nack ? new RtpNackGenerator(options.NackOptions, session.TimeProvider) : null;
        _reorder = new RtpReorderBuffer(512, RtpMediaSession.MaxDatagramSize, options.ReorderDelay, session.TimeProvider);
        _keyframeThrottle = new RtcpKeyframeRequestThrottle(options.MinKeyframeRequestInterval, session.TimeProvider);
        try
        {
            session.Add(this);
        }
        catch
        {
            _reorder.Dispose();
            throw;
        }
    }

    /// <summary>The payload type routed here.</summary>
    public byte PayloadType => _options.PayloadType;

    /// <summary>Payload type of the peer's RTX stream for this one, or null.</summary>
    public byte? RtxPayloadType => _options.RtxPayloadType;

    /// <summary>Packets restored from the RTX stream (W3C inbound-rtp <c>retransmittedPacketsReceived</c>).</summary>
    public long RetransmittedPacketsReceived => Interlocked.Read(ref _retransmissions);

    /// <summary>RTX packets that carried no original (padding the sender sent to probe the path).</summary>
    public long EmptyRetransmissionsReceived => Interlocked.Read(ref _emptyRetransmissions);

    /// <summary>The stream's RTP clock rate.</summary>
    public int ClockRate => _options.ClockRate;

    /// <summary>The sender's SSRC, learned from its packets; 0 before the first.</summary>
    public uint RemoteSsrc { get { lock (_lock) { return _remoteSsrc; } } }

    /// <summary>Receive statistics; null before the first packet.</summary>
    public RtpReceiveStatistics? Statistics { get { lock (_lock) { return _statistics; } } }

    /// <summary>Generic NACK packets sent.</summary>
    public long NacksSent => Interlocked.Read(ref _nacksSent);

    /// <summary>PLIs sent.</summary>
    public long PictureLossIndicationsSent => Interlocked.Read(ref _plisSent);

    /// <summary>Sequence numbers given up on after waiting for them.</summary>
    public long PacketsSkipped { get { lock (_lock) { return _reorder.SkippedPackets; } } }

    /// <summary>
    /// Asks the sender for a keyframe with a PLI, unless one went out within
    /// <see cref="RtpReceiverOptions.MinKeyframeRequestInterval"/>. True if a PLI was sent.
    /// </summary>
    public bool RequestKeyframe()
    {
        var ssrc = RemoteSsrc;
        if (ssrc == 0 || !_keyframeThrottle.TryRequest())
        {
            return false;
        }

        Interlocked.Increment(ref _plisSent);
        _session.SendPictureLossIndication(ssrc);
        return true;
    }

    /// <summary>Stops the stream and returns its pooled buffers (also done by <see cref="RtpMediaSession.Dispose"/>).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            _reorder.Dispose();
            _sink.OnClosed();
        }
    }

    internal void OnPacket(in RtpPacket packet)
    {
        bool gapOpened;
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            if (_statistics is null || packet.Ssrc != _remoteSsrc)
            {
                // First packet, or the sender changed its SSRC (RFC 3550 §8.2): start over for the new source.
                _remoteSsrc = packet.Ssrc;
                _statistics = new RtpReceiveStatistics(packet.Ssrc, _options.ClockRate, _session.TimeProvider);
            }

            _statistics.OnPacket(packet);
            gapOpened = _nack?.OnPacket(packet.SequenceNumber) ?? false;
            _reorder.Push(packet.Data, this, static (data, self) => self.Release(data));
        }

        if (gapOpened)
        {
            // The reorder hold of the gap starts now: the NACK goes with it, not at the next tick.
            SendDueNacks();
        }
    }

    internal void OnRetransmission() => Interlocked.Increment(ref _retransmissions);

    internal void OnEmptyRetransmission() => Interlocked.Increment(ref _emptyRetransmissions);

    internal void OnSenderReport(uint ssrc, ulong ntpTimestamp)
    {
        lock (_lock)
        {
            if (_statistics is not null && ssrc == _remoteSsrc)
            {
                _statistics.OnSenderReport(ntpTimestamp);
            }
        }
    }

    internal bool TryCreateReportBlock(out RtcpReportBlock block)
    {
        lock (_lock)
        {
            block = default;
            return _statistics is not null && _statistics.TryCreateReportBlock(out block);
        }
    }

    /// <summary>Feedback timer: sends due NACK retries, releases packets whose gap timed out, and a PLI if loss was beyond repair.</summary>
    internal void OnFeedbackTick()
    {
        SendDueNacks();
        bool keyframe;
        lock (_lock)
        {
            if (_disposed || _statistics is null)
            {
                return;
            }

            _reorder.Drain(this, static (data, self) => self.Release(data));
            keyframe = _nack?.TakeKeyframeRequest() ?? false;
        }

        if (keyframe)
        {
            RequestKeyframe();
        }
    }

    /// <summary>Sends one generic NACK with every missing packet due a request (first ask or retry).</summary>
    private void SendDueNacks()
    {
        Span<ushort> lost = stackalloc ushort[MaxNacksPerFeedback];
        int count;
        uint ssrc;
        lock (_lock)
        {
            if (_disposed || _nack is null || _statistics is null)
            {
                return;
            }

            count = _nack.GetNacks(lost);
            ssrc = _remoteSsrc;
        }

        if (count > 0)
        {
            Interlocked.Increment(ref _nacksSent);
            _session.SendNack(ssrc, lost[..count]);
        }
    }

    private void Release(ReadOnlySpan<byte> data)
    {
        if (RtpPacket.TryParse(data, out var packet))
        {
            _sink.OnRtpPacket(packet);
        }
    }
}
