namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The rate controller of GCC's delay-based part (draft-ietf-rmcat-gcc-02 §5.5): a state machine
/// driven by the detector — overuse → decrease to β = 0.85 of the received rate; underuse → hold;
/// normal → increase, multiplicatively (8 %/s) while no link capacity is known or the rate is well below where
/// a decrease from it leaves the rate, and additively (one packet per two response times) from there. A
/// decrease whose received rate is far below the capacity learned takes it as the new one (the link stepped
/// down). The rate never exceeds 1.5 × the received rate + 10 kbit/s (§5.5). The standing queue
/// (<see cref="QueueDelayMonitor"/>) acts too: above <see cref="HighQueueMs"/> and not shrinking since the last
/// decrease it counts as overuse (the trendline misses a queue that grows slowly or was left over), a decrease
/// goes far enough below the received rate to drain the queue within about a second, and after a decrease the
/// rate holds until the queue is below <see cref="LowQueueMs"/>. Not thread-safe.
/// </summary>
internal sealed class AimdRateControl
{
    private const double Beta = 0.85;
    private const long MinimumBitrate = 30_000;
    private const double DrainSeconds = 1.0;
    private const double MinimumDrainFactor = 0.5;
    private const int StuckDecreases = 4;
    private const int StuckSeconds = 5;

    /// <summary>A queue this long (ms) that does not shrink is overuse, whatever its trend.</summary>
    public const double HighQueueMs = 40;

    /// <summary>After a decrease the rate holds until the queue is this short (ms).</summary>
    public const double LowQueueMs = 20;

    private readonly long _maximumBitrate;
    private RateState _state = RateState.Hold;
    private long _lastUpdate = -1;
    private long _lastDecrease = -1;
    private double _linkCapacity = -1;
    private double _linkCapacityVariance = 0.4;
    private bool _draining;
    private double _queueAtDecrease;
    private long _firstQueueDecrease = -1;

    // Decreases the standing queue alone asked for, one after another, without the queue draining below LowQueueMs.
    private int _queueDecreasesWithoutDrain;

    /// <summary>Starts at <paramref name="startBitrate"/> within [30 kbit/s, <paramref name="maximumBitrate"/>].</summary>
    public AimdRateControl(long startBitrate, long maximumBitrate)
    {
        _maximumBitrate = maximumBitrate;
        Bitrate = Math.Clamp(startBitrate, MinimumBitrate, maximumBitrate);
    }

    /// <summary>The delay-based estimate in bits per second.</summary>
    public long Bitrate { get; private set; }

    /// <summary>The round-trip time, for the additive increase's response time and the spacing of decreases.</summary>
    public TimeSpan RoundTripTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Whether the "queue" is the path itself: <see cref="StuckDecreases"/> decreases for it shortened nothing in
    /// <see cref="StuckSeconds"/> s, where sending below what the path carried drains a real queue within about one.
    /// </summary>
    public bool QueueIsPath(long nowMicroseconds) =>
        _queueDecreasesWithoutDrain >= StuckDecreases && nowMicroseconds - _firstQueueDecrease >= StuckSeconds * 1_000_000L;

    /// <summary>
    /// Applies the detector's <paramref name="usage"/> with the received rate and the standing queue
    /// (<paramref name="queueDelayMs"/>) at <paramref name="nowMicroseconds"/>; returns the estimate. While
    /// <paramref name="queueDraining"/> (<see cref="QueueDrain"/>) the standing queue is being dealt with and asks for
    /// no decrease of its own; the detector's overuse still decreases, to what the link delivers while it drains.
    /// </summary>
    public long Update(BandwidthUsage usage, long? ackedBitrate, double queueDelayMs, long nowMicroseconds, bool queueDraining = false)
    {
        if (queueDelayMs <= LowQueueMs)
        {
            _draining = false;
            _queueDecreasesWithoutDrain = 0;
            _firstQueueDecrease = -1;
        }

        var queueOveruse = usage != BandwidthUsage.Overusing && !queueDraining && QueueStuck(queueDelayMs, nowMicroseconds);
        if (queueOveruse)
        {
            usage = BandwidthUsage.Overusing;
        }

        _state = (usage, _state) switch
        {
            (BandwidthUsage.Overusing, _) => RateState.Decrease,
            (BandwidthUsage.Underusing, _) => RateState.Hold,
            (BandwidthUsage.Normal, RateState.Hold) => RateState.Increase,
            (BandwidthUsage.Normal, RateState.Decrease) => RateState.Hold,
            _ => _state,
        };
        var elapsed = _lastUpdate < 0 ? 0 : Math.Min((nowMicroseconds - _lastUpdate) / 1e6, 1.0);
        _lastUpdate = nowMicroseconds;
        var bitrate = (double)Bitrate;
        switch (_state)
        {
            case RateState.Increase when _draining:
                // Hold until the queue the decrease meant to drain is gone: rising now would keep it standing.
                break;
            case RateState.Increase:
                if (_linkCapacity > 0 && ackedBitrate is { } acked && acked > _linkCapacity + (3 * Deviation()))
                {
                    // Above what the link carried before: it changed; learn it anew.
                    ForgetLinkCapacity();
                }

                // Near the link's capacity slowly, to overshoot it little; from below where a decrease from it would
                // leave the rate (a drain, a loss-based cut) at 8 %/s, or the sawtooth's period would be the deep cut's.
                var near = _linkCapacity > 0 && bitrate >= (Beta * _linkCapacity) - (3 * Deviation());
                bitrate += near ? AdditiveIncrease(bitrate) * elapsed : bitrate * (Math.Pow(1.08, elapsed) - 1);
                if (ackedBitrate is { } received)
                {
                    // §5.5: never far above what actually gets through.
                    bitrate = Math.Min(bitrate, Math.Max((1.5 * received) + 10_000, Bitrate));
                }

                break;
            case RateState.Decrease when CanDecrease(nowMicroseconds):
                var basis = ackedBitrate ?? Bitrate;
                var factor = DrainFactor(queueDelayMs);
                var decreased = factor * basis;
                if (decreased > Bitrate && _linkCapacity > 0)
                {
                    decreased = factor * _linkCapacity;
                }

                bitrate = Math.Min(decreased, Bitrate);
                if (ackedBitrate is { } measured)
                {
                    LearnCapacity(measured);
                }

                _lastDecrease = nowMicroseconds;
                _state = RateState.Hold;
                _draining = queueDelayMs > LowQueueMs;
                _queueAtDecrease = queueDelayMs;
                if (queueOveruse)
                {
                    _firstQueueDecrease = _queueDecreasesWithoutDrain++ == 0 ? nowMicroseconds : _firstQueueDecrease;
                }

                break;
        }

        Bitrate = (long)Math.Clamp(bitrate, MinimumBitrate, _maximumBitrate);
        return Bitrate;
    }

    /// <summary>Forgets the link capacity the decreases learned: the rate rises at 8 %/s until the next decrease.</summary>
    public void ForgetLinkCapacity() => _linkCapacity = -1;

    /// <summary>Sets the estimate outright (e.g. from the loss-based part or a REMB cap).</summary>
    public void Reset(long bitrate) => Bitrate = Math.Clamp(bitrate, MinimumBitrate, _maximumBitrate);

    // Below β when a queue stands: sending at (1 − queue / DrainSeconds) of what the link carries drains it in about DrainSeconds.
    private static double DrainFactor(double queueDelayMs) =>
        Math.Clamp(1 - (queueDelayMs / 1000 / DrainSeconds), MinimumDrainFactor, Beta);

    // A standing queue is overuse when no decrease is draining it: none yet, or the last one (given an RTT and
    // 300 ms to show) left it no shorter; after StuckDecreases such decreases the rate waits for it to drain (an
    // encoder that pays back what it owes) or to prove to be the path (QueueIsPath), and cuts no further for it.
    private bool QueueStuck(double queueDelayMs, long nowMicroseconds)
    {
        if (queueDelayMs < HighQueueMs || _queueDecreasesWithoutDrain >= StuckDecreases)
        {
            return false;
        }

        if (!_draining || _lastDecrease < 0)
        {
            return true;
        }

        var settle = RoundTripTime.TotalMicroseconds + 300_000;
        return nowMicroseconds - _lastDecrease >= settle && queueDelayMs > _queueAtDecrease - LowQueueMs;
    }

    // A decrease acts once the last one could be seen: one per RTT (at most 200 ms apart).
    private bool CanDecrease(long nowMicroseconds) =>
        _lastDecrease < 0 || nowMicroseconds - _lastDecrease >= Math.Min(RoundTripTime.TotalMicroseconds, 200_000);

    /// <summary>
    /// Bits per second per second near convergence: one average packet per two response times (RTT + 100 ms), as
    /// libwebrtc does: the overshoot the detector lets through before it answers grows with this slope.
    /// </summary>
    private double AdditiveIncrease(double bitrate)
    {
        var bitsPerFrame = bitrate / 30;
        var packetsPerFrame = Math.Ceiling(bitsPerFrame / (1200 * 8));
        var packetBits = bitsPerFrame / Math.Max(packetsPerFrame, 1);
        var responseSeconds = 2 * (RoundTripTime.TotalMilliseconds + 100) / 1000;
        return Math.Max(4000, packetBits / responseSeconds);
    }

    private void LearnCapacity(double measured)
    {
        if (_linkCapacity < 0 || measured < _linkCapacity - (3 * Deviation()))
        {
            // None yet, or far below it: the link changed (a step down); start from this one, as libwebrtc does.
            _linkCapacity = measured;
            return;
        }

        // Mean and normalised variance in kbit/s, as libwebrtc keeps them.
        const double Alpha = 0.05;
        var errorKbps = (_linkCapacity - measured) / 1000;
        _linkCapacity = ((1 - Alpha) * _linkCapacity) + (Alpha * measured);
        var capacityKbps = Math.Max(_linkCapacity / 1000, 1);
        _linkCapacityVariance = Math.Clamp(((1 - Alpha) * _linkCapacityVariance) + (Alpha * errorKbps * errorKbps / capacityKbps), 0.4, 2.5);
    }

    private double Deviation() => Math.Sqrt(_linkCapacityVariance * Math.Max(_linkCapacity / 1000, 1)) * 1000;

    private enum RateState
    {
        Hold,
        Increase,
        Decrease,
    }
}
