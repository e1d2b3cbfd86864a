namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The loss-based part of GCC (draft-ietf-rmcat-gcc-02 §6): from the fraction of packets lost since
/// the last update (at least 20 packets), the rate grows 8 % per second below 2 % loss, holds between
/// 2 % and 10 %, and falls to (1 − 0.5 · loss) above 10 % (at most once per 300 ms + RTT), but never
/// below 0.85 × the rate the receiver got over the same time: the draft applies the factor to the rate
/// actually sent, and when more was sent than the target (a backlog released, an encoder's overshoot)
/// the losses say the link was overrun, not that it carries less than it just delivered. Without that
/// floor one burst at three times the link's rate cut the target to the minimum in a few steps
/// (66 % loss, ×0.67 per step) and it then took half a minute at 8 %/s to climb back (bench/bwe.sh).
/// Not thread-safe.
/// </summary>
internal sealed class LossBasedRate
{
    private const int MinimumPackets = 20;
    private const double DeliveredShare = 0.85;

    private int _lost;
    private int _total;
    private long _lastIncrease = -1;
    private long _lastDecrease = -1;

    /// <summary>Starts at <paramref name="startBitrate"/>.</summary>
    public LossBasedRate(long startBitrate) => Bitrate = startBitrate;

    /// <summary>The loss-based estimate in bits per second.</summary>
    public long Bitrate { get; private set; }

    /// <summary>The loss fraction of the last update (0–1).</summary>
    public double LossFraction { get; private set; }

    /// <summary>The round-trip time, for the spacing of decreases.</summary>
    public TimeSpan RoundTripTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// Counts packets the feedback reported; updates the estimate once enough were seen, a decrease going no lower
    /// than 0.85 × <paramref name="deliveredBitrate"/> (the receiver's rate, when known). Returns the estimate.
    /// </summary>
    public long OnPackets(int received, int lost, long nowMicroseconds, long? deliveredBitrate)
    {
        _total += received + lost;
        _lost += lost;
        if (_total < MinimumPackets)
        {
            return Bitrate;
        }

        LossFraction = (double)_lost / _total;
        _lost = _total = 0;
        if (LossFraction < 0.02)
        {
            var elapsed = _lastIncrease < 0 ? 0 : Math.Min((nowMicroseconds - _lastIncrease) / 1e6, 1.0);
            Bitrate = (long)(Bitrate * Math.Pow(1.08, elapsed));
            _lastIncrease = nowMicroseconds;
        }
        else if (LossFraction > 0.10)
        {
            _lastIncrease = nowMicroseconds;
            if (_lastDecrease < 0 || nowMicroseconds - _lastDecrease >= 300_000 + (long)RoundTripTime.TotalMicroseconds)
            {
                var floor = deliveredBitrate is { } delivered ? (long)(DeliveredShare * delivered) : 0;
                Bitrate = Math.Min(Bitrate, Math.Max((long)(Bitrate * (1 - (0.5 * LossFraction))), floor));
                _lastDecrease = nowMicroseconds;
            }
        }
        else
        {
            _lastIncrease = nowMicroseconds;
        }

        return Bitrate;
    }

    /// <summary>Caps the estimate (it never runs ahead of the combined target it feeds).</summary>
    public void Cap(long bitrate) => Bitrate = Math.Min(Bitrate, bitrate);
}
