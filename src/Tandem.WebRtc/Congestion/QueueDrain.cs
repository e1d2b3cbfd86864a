namespace Tandem.WebRtc.Congestion;

/// <summary>
/// Empties the queue a decrease found on the path before sending at the new estimate. A decrease to β = 0.85 of
/// the received rate (draft-ietf-rmcat-gcc-02 §5.5) drains a queue at 15 % of the link's rate: the 100–250 ms a
/// step down from above the new rate leaves take a second or more, and every 500 ms of it raises the receiver's
/// audio buffer for seconds after (libwebrtc's NetEq takes the largest delay of each 500 ms into the histogram its
/// target comes from), and with it the video it holds for lip sync. So, as BBR drains the queue its start-up built,
/// after a decrease that finds a queue of <see cref="AimdRateControl.HighQueueMs"/> or more in the feedback at hand
/// the target is <see cref="Ratio"/> of the estimate until a feedback shows the queue below
/// <see cref="AimdRateControl.LowQueueMs"/> or for the time it takes at that rate, whichever comes first (the feedback
/// comes a feedback interval late: each one of those spent draining an empty queue leaves over half the link unused,
/// the target being half of an estimate of ~0.85 of it).
/// The estimate itself is left alone; the rate the receiver got while (and just after) draining measures the drain,
/// not the link, so the standing queue asks the rate controller for no decrease of its own then
/// (<see cref="SkewsReceivedRate"/>). Not thread-safe.
/// </summary>
internal sealed class QueueDrain
{
    /// <summary>The share of the estimate sent while draining.</summary>
    public const double Ratio = 0.5;

    private long _until = -1;
    private long _endedAt = long.MinValue;

    /// <summary>Whether the target is held at <see cref="Ratio"/> of the estimate.</summary>
    public bool Active { get; private set; }

    /// <summary>Whether the received rate's window (<see cref="WindowedBitrate.WindowMicroseconds"/>) still holds time spent draining.</summary>
    public bool SkewsReceivedRate(long nowMicroseconds) => Active || (_endedAt != long.MinValue && nowMicroseconds - _endedAt < WindowedBitrate.WindowMicroseconds);

    /// <summary>
    /// The rate controller decreased at <paramref name="nowMicroseconds"/> to <paramref name="estimate"/> with the link
    /// carrying <paramref name="linkBitrate"/> and the feedback at hand showing a queue of <paramref name="queueDelayMs"/>.
    /// </summary>
    public void OnDecrease(double queueDelayMs, long estimate, long? linkBitrate, long nowMicroseconds)
    {
        if (Active || queueDelayMs < AimdRateControl.HighQueueMs || linkBitrate is not { } link || link <= 0)
        {
            return;
        }

        // The queue's bytes leave at the link's rate less what still goes in: Q × link / (link − Ratio × estimate).
        var spare = 1 - (Ratio * estimate / link);
        Active = true;
        _until = nowMicroseconds + (long)(queueDelayMs * 1000 / Math.Max(spare, 0.1));
    }

    /// <summary>A feedback showed the queue at <paramref name="queueDelayMs"/>: the drain ends once it is short or its time is up.</summary>
    public void OnFeedback(double queueDelayMs, long nowMicroseconds)
    {
        if (Active && (queueDelayMs <= AimdRateControl.LowQueueMs || nowMicroseconds >= _until))
        {
            Active = false;
            _endedAt = nowMicroseconds;
        }
    }

    /// <summary>The target for <paramref name="estimate"/>: lower while draining.</summary>
    public long Apply(long estimate) => Active ? (long)(estimate * Ratio) : estimate;
}
