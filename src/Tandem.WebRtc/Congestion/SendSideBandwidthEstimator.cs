namespace Tandem.WebRtc.Congestion;

/// <summary>
/// Send-side bandwidth estimation in the manner of GCC (draft-ietf-rmcat-gcc-02): each transport-wide
/// feedback's packets go through the delay-based detector (<see cref="TrendlineDetector"/>) and rate
/// controller (<see cref="AimdRateControl"/>), and its losses through <see cref="LossBasedRate"/> (which sets a limit
/// only when the loss goes beyond what the path loses by itself, and reads an outage as no loss); the connection's
/// target is the lower of the two, within the configured bounds. A feedback that shows the link well below what we
/// send (<see cref="FeedbackQueue.Stretched"/> with a queue) is overuse at once, and a decrease that finds a queue
/// drains it (<see cref="QueueDrain"/>) before the target goes to the new estimate. A REMB from a receiver
/// without transport-wide feedback caps it (RFC-less libwebrtc message, used as a fallback).
/// Thread-safe: feedback, RTT and REMB arrive on the receive thread while the sender reads the target.
/// </summary>
internal sealed class SendSideBandwidthEstimator
{
    private readonly Lock _lock = new();
    private readonly TrendlineDetector _detector = new();
    private readonly QueueDelayMonitor _queue = new();
    private readonly FeedbackQueue _latest = new();
    private readonly WindowedBitrate _acked = new();
    private readonly AimdRateControl _delayBased;
    private readonly LossBasedRate _lossBased = new();
    private readonly QueueDrain _drain = new();
    private readonly long _minimum;
    private readonly long _maximum;
    private long _remb = long.MaxValue;
    private long _target;

    /// <summary>Starts at <paramref name="startBitrate"/>, kept within [<paramref name="minimumBitrate"/>, <paramref name="maximumBitrate"/>] (bits per second).</summary>
    public SendSideBandwidthEstimator(long startBitrate, long minimumBitrate, long maximumBitrate)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(minimumBitrate, 1);
        ArgumentOutOfRangeException.ThrowIfLessThan(maximumBitrate, minimumBitrate);
        _minimum = minimumBitrate;
        _maximum = maximumBitrate;
        _target = Math.Clamp(startBitrate, minimumBitrate, maximumBitrate);
        _delayBased = new AimdRateControl(_target, maximumBitrate);
    }

    /// <summary>The connection's target in bits per second.</summary>
    public long TargetBitrate { get { lock (_lock) { return _target; } } }

    /// <summary>Whether the target is below the estimate to drain a queue a decrease found (<see cref="QueueDrain"/>).</summary>
    public bool Draining { get { lock (_lock) { return _drain.Active; } } }

    /// <summary>The delay-based detector's last conclusion.</summary>
    public BandwidthUsage Usage { get { lock (_lock) { return _detector.State; } } }

    /// <summary>The rate the receiver reported getting, in bits per second (null until known).</summary>
    public long? AckedBitrate { get { lock (_lock) { return _acked.BitsPerSecond; } } }

    /// <summary>The loss fraction over the loss-based part's window (0–1), outages left out.</summary>
    public double LossFraction { get { lock (_lock) { return _lossBased.LossFraction; } } }

    /// <summary>The standing queue on the path the last feedback showed, in ms (<see cref="QueueDelayMonitor"/>).</summary>
    public double QueueDelayMs { get { lock (_lock) { return _queue.QueueDelayMs; } } }

    /// <summary>Sets the round-trip time (from RTCP reports).</summary>
    public void OnRoundTripTime(TimeSpan rtt)
    {
        lock (_lock)
        {
            _delayBased.RoundTripTime = rtt;
            _lossBased.RoundTripTime = rtt;
        }
    }

    /// <summary>A receiver's REMB: caps the target at <paramref name="bitsPerSecond"/>. Returns the new target.</summary>
    public long OnRemb(long bitsPerSecond, long nowMicroseconds)
    {
        lock (_lock)
        {
            _remb = Math.Max(bitsPerSecond, _minimum);
            return Combine();
        }
    }

    /// <summary>
    /// One feedback's packets (in transport sequence order) at <paramref name="nowMicroseconds"/> on our
    /// clock. Returns the new target.
    /// </summary>
    public long OnFeedback(ReadOnlySpan<PacketFeedback> packets, long nowMicroseconds)
    {
        lock (_lock)
        {
            foreach (var packet in packets)
            {
                _lossBased.OnPacket(packet.Received, packet.SendMicroseconds);
                if (!packet.Received)
                {
                    continue;
                }

                _acked.OnPacket(packet.ArrivalMicroseconds, packet.Size);
                _detector.OnPacket(packet.SendMicroseconds, packet.ArrivalMicroseconds, packet.Size);
                _queue.OnPacket(packet.SendMicroseconds, packet.ArrivalMicroseconds);
                _latest.OnPacket(packet.SendMicroseconds, packet.ArrivalMicroseconds);
            }

            if (packets.Length == 0)
            {
                return _target;
            }

            var standing = _queue.OnFeedbackEnd();
            _latest.OnFeedbackEnd(_queue.BaseDelayMicroseconds);
            var usage = StepDown() ? BandwidthUsage.Overusing : _detector.State;
            var before = _delayBased.Bitrate;
            _delayBased.Update(usage, _acked.BitsPerSecond, standing, nowMicroseconds, _drain.SkewsReceivedRate(nowMicroseconds));
            _drain.OnFeedback(_latest.SmallestDelayMs, nowMicroseconds);
            if (_delayBased.Bitrate < before && usage == BandwidthUsage.Overusing)
            {
                _drain.OnDecrease(_latest.NewestDelayMs, _delayBased.Bitrate, _acked.BitsPerSecond, nowMicroseconds);
            }

            if (_delayBased.QueueIsPath(nowMicroseconds))
            {
                // Sending below what the path carried left the "queue" as it was for seconds: the path itself got longer,
                // and the received rates the decreases for it learned as the link's capacity measured their drains.
                _queue.Rebase();
                _delayBased.ForgetLinkCapacity();
            }

            _lossBased.OnFeedbackEnd(nowMicroseconds, _delayBased.Bitrate, _acked.BitsPerSecond);
            return Combine();
        }
    }

    /// <summary>
    /// A probe's measured rate (<see cref="ProbeBitrateEstimator"/>): above the target, and unless the detector sees
    /// overuse or a queue stands (<see cref="QueueDelayMonitor"/>), it becomes the estimate of both parts at once (as libwebrtc's goog_cc takes a probe result) instead of
    /// the rate controller finding it by growing a queue. Returns the new target.
    /// </summary>
    public long OnProbeResult(long bitsPerSecond)
    {
        lock (_lock)
        {
            // Not while a queue stands: the probe then measured the queue draining, not spare capacity, and raising
            // the rate would undo the decrease that drains it.
            if (bitsPerSecond <= _target || _detector.State == BandwidthUsage.Overusing || _queue.QueueDelayMs > AimdRateControl.LowQueueMs)
            {
                return _target;
            }

            _delayBased.Reset(Math.Max(bitsPerSecond, _delayBased.Bitrate));
            _lossBased.Raise(bitsPerSecond);
            return Combine();
        }
    }

    // The link fell well below what we send (a step down): the feedback's packets arrived stretched over a third more
    // time than they were sent in and the newest met a queue of HighQueueMs — overuse a feedback or two before the
    // trendline's slope over its 20 groups crosses its threshold; each feedback interval waited adds a third of one to the queue.
    private bool StepDown() => _latest.Stretched && _latest.NewestDelayMs >= AimdRateControl.HighQueueMs;

    private long Combine()
    {
        var target = _drain.Apply(Math.Min(Math.Min(_delayBased.Bitrate, _lossBased.Bitrate), _remb));
        _target = Math.Clamp(target, _minimum, _maximum);
        return _target;
    }
}
