using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    // Feedback of more packets than this is taken in several steps (stack space).
    private const int FeedbackBatch = 256;

    private readonly SentPacketLog _sentLog = new();

    // Under _unprotectLock (feedback and reports arrive there): the pacer's window and the encoder's pushback.
    private readonly CongestionWindow _congestionWindow = new();
    private readonly WindowedBitrate _sentRate = new();
    private readonly TransportArrivalLog _arrivals = new();
    private ushort _transportSequenceNumber;
    private long _lastTransportFeedback = long.MinValue;
    private byte _transportFeedbackCount;
    private long _transportFeedbacksReceived;
    private long _transportFeedbacksSent;

    /// <summary>
    /// Raised on the receive thread with the encoder's new target in bits per second when it moved
    /// by 5 % or more (the connection's target from transport-wide feedback or a REMB, less the
    /// <see cref="CongestionWindow"/>'s pushback).
    /// </summary>
    public event Action<long>? TargetBitrateChanged;

    /// <summary>Send-side bandwidth estimation over the peer's transport-wide feedback (and REMB).</summary>
    public SendSideBandwidthEstimator BandwidthEstimator { get; }

    /// <summary>The negotiated transport-wide sequence number extension id; 0 = none.</summary>
    public int TransportSequenceExtensionId => _options.TransportSequenceExtensionId;

    /// <summary>What our streams sent over the last 500 ms (RTP packets stamped with a transport-wide number), in bits per second.</summary>
    public long? SentBitrate { get { lock (_protectLock) { return _sentRate.BitsPerSecond; } } }

    /// <summary>Transport-wide feedback packets received from the peer.</summary>
    public long TransportFeedbacksReceived => Interlocked.Read(ref _transportFeedbacksReceived);

    /// <summary>Transport-wide feedback packets sent to the peer.</summary>
    public long TransportFeedbacksSent => Interlocked.Read(ref _transportFeedbacksSent);

    private long _announcedTarget;
    private readonly RtpPacer? _pacer;

    /// <summary>How long the video waiting in the pacer takes at the connection's target (zero without a pacer).</summary>
    public TimeSpan VideoQueueTime => _pacer?.QueueTimeAtTarget ?? TimeSpan.Zero;

    /// <summary>The pacer, when <see cref="RtpMediaSessionOptions.Pacing"/> is on.</summary>
    internal RtpPacer? Pacer => _pacer;

    /// <summary>Sends a packet from a rented buffer through the pacer (which returns the buffer), or at once without one.</summary>
    internal void SendPaced(byte[] buffer, int length, RtpPacketPriority priority)
    {
        if (_pacer is { } pacer)
        {
            pacer.Enqueue(buffer, length, priority);
        }
        else
        {
            SendRtpAndReturn(buffer, length);
        }
    }

    /// <summary>Now on the session's clock, in microseconds.</summary>
    private long NowMicroseconds() => (long)(TimeProvider.GetTimestamp() * (1_000_000.0 / TimeProvider.TimestampFrequency));

    /// <summary>Called under _protectLock just before an RTP packet is protected: stamps the next transport number and logs the send.</summary>
    private void StampTransportSequence(Span<byte> packet, int probeClusterId)
    {
        var id = _options.TransportSequenceExtensionId;
        if (id != 0 && RtpTransportSequenceNumber.TryStamp(packet, id, _transportSequenceNumber))
        {
            var now = NowMicroseconds();
            _sentLog.OnSent(_transportSequenceNumber, packet.Length, now, probeClusterId);
            _sentRate.OnPacket(now, packet.Length);
            CountMedia(packet.Length, now, probeClusterId);
            _transportSequenceNumber++;
        }
    }

    /// <summary>Called under _unprotectLock for every RTP packet that arrived: notes its transport number.</summary>
    private void RecordArrival(in RtpPacket packet)
    {
        if (RtpTransportSequenceNumber.TryRead(packet, _options.TransportSequenceExtensionId, out var sequence))
        {
            _arrivals.OnArrival(sequence, NowMicroseconds());
        }
    }

    /// <summary>The peer's feedback: each described packet matched with its send record, fed to the estimator.</summary>
    private void OnTransportFeedback(RtcpTransportFeedback feedback)
    {
        Interlocked.Increment(ref _transportFeedbacksReceived);
        Span<PacketFeedback> batch = stackalloc PacketFeedback[FeedbackBatch];
        var count = 0;
        var now = NowMicroseconds();
        foreach (var packet in feedback)
        {
            if (!_sentLog.TryDescribe(packet.SequenceNumber, out var sent, out var size, out var cluster))
            {
                continue;
            }

            batch[count++] = new PacketFeedback(sent, packet.Received ? packet.ArrivalMicroseconds : -1, size, cluster);
            if (count == FeedbackBatch)
            {
                BandwidthEstimator.OnFeedback(batch, now);
                OnProbeFeedback(batch, now);
                count = 0;
            }
        }

        BandwidthEstimator.OnFeedback(batch[..count], now);
        OnProbeFeedback(batch[..count], now);
        var target = BandwidthEstimator.TargetBitrate;
        if (_pacer is { } pacer)
        {
            _congestionWindow.OnFeedback(now, target, BandwidthEstimator.AckedBitrate, _sentLog.BytesInFlight, pacer.QueuedBytes);
            pacer.SetTargetBitrate(target);
            pacer.SetCongestionWindow(_congestionWindow.Bytes);
        }

        AnnounceTarget();
        MaybeProbe(now);
    }

    private void OnRemb(ulong bitrate)
    {
        BandwidthEstimator.OnRemb((long)Math.Min(bitrate, long.MaxValue), NowMicroseconds());
        _pacer?.SetTargetBitrate(BandwidthEstimator.TargetBitrate);
        AnnounceTarget();
    }

    // The encoder's target: the connection's, pushed back while the window and the pacer hold more than the window.
    private void AnnounceTarget()
    {
        var target = _congestionWindow.EncoderTarget(BandwidthEstimator.TargetBitrate);
        var last = Interlocked.Read(ref _announcedTarget);
        if (Math.Abs(target - last) * 20 < last)
        {
            return;
        }

        Interlocked.Exchange(ref _announcedTarget, target);
        TargetBitrateChanged?.Invoke(target);
    }

    /// <summary>Feedback timer: sends transport-wide feedback of what arrived since the last one (draft §3.1), at most every interval.</summary>
    private void SendTransportFeedback()
    {
        if (_options.TransportSequenceExtensionId == 0)
        {
            return;
        }

        Span<long> arrivals = stackalloc long[FeedbackBatch];
        var now = TimeProvider.GetTimestamp();
        lock (_unprotectLock)
        {
            if (_disposed || !_arrivals.HasPending
                || (_lastTransportFeedback != long.MinValue && TimeProvider.GetElapsedTime(_lastTransportFeedback, now) < _options.TransportFeedbackInterval))
            {
                return;
            }

            _lastTransportFeedback = now;
            while (_arrivals.HasPending)
            {
                var count = _arrivals.TakePending(arrivals, out var first);
                var buffer = RentBuffer();
                var writer = new RtcpCompoundWriter(buffer.AsSpan(0, RtcpCapacity));
                var mediaSsrc = Volatile.Read(ref _receivers) is [var receiver, ..] ? receiver.RemoteSsrc : 0;

                // RFC 4585 §3.1 asks for a report first; like libwebrtc (reduced size, RFC 5506) the feedback goes alone.
                if (!writer.TryAddTransportFeedback(FeedbackSsrc, mediaSsrc, first, _transportFeedbackCount, arrivals[..count], out var described))
                {
                    ReturnBuffer(buffer);

                    // Nothing received among them (or a delta beyond ±8 s): they cannot be described; move on.
                    _arrivals.Described(count);
                    continue;
                }

                _arrivals.Described(described);
                _transportFeedbackCount++;
                Interlocked.Increment(ref _transportFeedbacksSent);
                SendRtcpAndReturn(buffer, writer.Length);
            }
        }
    }
}
