namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The loss-based part of the estimate, in the manner of libwebrtc's current loss-based estimator (the successor of
/// draft-ietf-rmcat-gcc-02 §6, whose 20-packet updates it replaces). Losses are summed into observations of at least
/// <see cref="ObservationMicroseconds"/> (so their packet count grows with the rate) and averaged over the last
/// <see cref="WindowObservations"/>, newer ones weighing more. A path loses some packets by itself (radio, a busy
/// relay): up to <see cref="ToleratedLoss"/> of them the part sets no limit and the delay-based part alone decides.
/// Above it the rate that loss allows is <see cref="LossBalanceBitrate"/> ÷ (loss − <see cref="ToleratedLoss"/>) —
/// 750 kbit/s at 15 %, 300 kbit/s at 30 % —, and a cut goes no lower than 0.85 × the rate the receiver got: when more
/// was sent than the target (a backlog released, an encoder's overshoot) the losses say the link was overrun, not that
/// it carries less than it just delivered. A cut needs loss in the newest observation too: the window remembers a
/// burst's losses for seconds after they stopped. While limited, the limit grows back at most 8 % per second (gcc-02
/// §6) and lifts once it reaches the delay-based estimate.
/// <para>
/// A stretch in which nothing arrived for longer than <see cref="OutageMicroseconds"/> (or four round trips) is an outage
/// — the path was down, not narrow —, and its packets count neither as lost nor as sent: reading a 2 s outage as 90 %
/// loss halved the target after every outage, and it took seconds at 8 %/s to climb back (bench/bwe.sh). While the
/// feedback itself stops nothing is updated, so the estimate is kept, as libwebrtc keeps it.
/// </para>
/// Not thread-safe.
/// </summary>
internal sealed class LossBasedRate
{
    /// <summary>The shortest span of feedback one observation sums (libwebrtc's is 250 ms too).</summary>
    public const long ObservationMicroseconds = 250_000;

    /// <summary>How many observations the average runs over (about 5 s).</summary>
    public const int WindowObservations = 20;

    /// <summary>Loss the path may have by itself without the rate being the cause (libwebrtc: 5 %).</summary>
    public const double ToleratedLoss = 0.05;

    /// <summary>The rate loss above <see cref="ToleratedLoss"/> allows is this ÷ the excess (libwebrtc: 75 kbit/s).</summary>
    public const double LossBalanceBitrate = 75_000;

    /// <summary>Nothing received for this long (or four round trips, if longer) is an outage, not loss.</summary>
    public const long OutageMicroseconds = 500_000;

    private const int MinimumObservations = 3;
    private const double TemporalWeight = 0.9;
    private const double DeliveredShare = 0.85;
    private const double GrowthPerSecond = 1.08;

    private readonly int[] _lost = new int[WindowObservations];
    private readonly int[] _total = new int[WindowObservations];
    private int _observations;
    private int _newest = -1;
    private long _observationStart = -1;
    private int _pendingLost;
    private int _pendingTotal;
    private long _limit = long.MaxValue;
    private long _lastUpdate = -1;

    // The loss run the feedback ends in: lost packets not yet counted, since the last one that arrived.
    private int _runLost;
    private long _lastReceivedSent = -1;

    /// <summary>The limit the losses set in bits per second; <see cref="long.MaxValue"/> while they set none.</summary>
    public long Bitrate => _limit;

    /// <summary>The weighted loss fraction over the window at the last observation (0–1).</summary>
    public double LossFraction { get; private set; }

    /// <summary>Packets left out as part of an outage.</summary>
    public long OutagePackets { get; private set; }

    /// <summary>The round-trip time, for telling an outage from loss.</summary>
    public TimeSpan RoundTripTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>
    /// One reported packet (in transport sequence order): sent at <paramref name="sendMicroseconds"/> on our clock,
    /// <paramref name="received"/> or reported lost.
    /// </summary>
    public void OnPacket(bool received, long sendMicroseconds)
    {
        if (!received)
        {
            _runLost++;
            return;
        }

        if (_runLost > 0)
        {
            var outage = Math.Max(OutageMicroseconds, 4 * (long)RoundTripTime.TotalMicroseconds);
            if (_lastReceivedSent >= 0 && sendMicroseconds - _lastReceivedSent >= outage)
            {
                OutagePackets += _runLost;
            }
            else
            {
                _pendingLost += _runLost;
                _pendingTotal += _runLost;
            }

            _runLost = 0;
        }

        _pendingTotal++;
        _lastReceivedSent = Math.Max(_lastReceivedSent, sendMicroseconds);
    }

    /// <summary>
    /// The end of one feedback at <paramref name="nowMicroseconds"/>: once the packets since the last observation span
    /// <see cref="ObservationMicroseconds"/>, they become one, and the limit is updated against the delay-based estimate
    /// <paramref name="delayBasedBitrate"/> and the receiver's rate <paramref name="deliveredBitrate"/> (when known).
    /// Returns the limit.
    /// </summary>
    public long OnFeedbackEnd(long nowMicroseconds, long delayBasedBitrate, long? deliveredBitrate)
    {
        if (_observationStart < 0)
        {
            _observationStart = nowMicroseconds;
        }

        if (nowMicroseconds - _observationStart < ObservationMicroseconds || _pendingTotal == 0)
        {
            return _limit;
        }

        var lossNow = (double)_pendingLost / _pendingTotal;
        _newest = (_newest + 1) % WindowObservations;
        _lost[_newest] = _pendingLost;
        _total[_newest] = _pendingTotal;
        _observations = Math.Min(_observations + 1, WindowObservations);
        _pendingLost = _pendingTotal = 0;
        _observationStart = nowMicroseconds;
        LossFraction = WeightedLoss();
        var elapsed = _lastUpdate < 0 ? 0 : Math.Min((nowMicroseconds - _lastUpdate) / 1e6, 1.0);
        _lastUpdate = nowMicroseconds;
        if (_observations < MinimumObservations)
        {
            return _limit;
        }

        var current = Math.Min(_limit, delayBasedBitrate);
        var allowed = LossFraction > ToleratedLoss ? (long)(LossBalanceBitrate / (LossFraction - ToleratedLoss)) : long.MaxValue;
        if (allowed < current)
        {
            if (lossNow <= ToleratedLoss)
            {
                // The window still remembers loss the last observation no longer has (a backlog that overran the
                // link and was cut for): hold, as cutting again for the same losses would only follow the delivered
                // rate down.
                return _limit;
            }

            var floor = deliveredBitrate is { } delivered ? (long)(DeliveredShare * delivered) : 0;
            _limit = Math.Min(current, Math.Max(allowed, floor));
        }
        else if (_limit != long.MaxValue)
        {
            var grown = (long)(_limit * Math.Pow(GrowthPerSecond, elapsed));
            _limit = grown >= delayBasedBitrate && allowed >= delayBasedBitrate ? long.MaxValue : Math.Min(grown, allowed);
        }

        return _limit;
    }

    /// <summary>A probe got <paramref name="bitrate"/> through: a lower limit starts afresh there.</summary>
    public void Raise(long bitrate)
    {
        if (_limit < bitrate)
        {
            _limit = bitrate;
        }
    }

    private double WeightedLoss()
    {
        double lost = 0, total = 0, weight = 1;
        for (var age = 0; age < _observations; age++)
        {
            var i = (_newest - age + WindowObservations) % WindowObservations;
            lost += weight * _lost[i];
            total += weight * _total[i];
            weight *= TemporalWeight;
        }

        return total > 0 ? lost / total : 0;
    }
}
