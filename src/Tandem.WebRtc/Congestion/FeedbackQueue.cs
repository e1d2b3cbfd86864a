namespace Tandem.WebRtc.Congestion;

/// <summary>
/// What one transport-wide feedback alone tells of the queue on the path, against the empty path's one-way delay
/// (<see cref="QueueDelayMonitor.BaseDelayMicroseconds"/>): the queue its newest packet met (the queue now, as near as
/// feedback tells), the smallest one any of its packets met (zero once a queue emptied), and whether its packets
/// arrived spread over a third more time than they were sent in — a bottleneck slower than what we send by a
/// quarter or more, where a busy receiver or a relay that stalls bunches them up instead. Not thread-safe.
/// </summary>
internal sealed class FeedbackQueue
{
    private const double StretchRatio = 1.3;

    // Spans shorter than this say little (one frame's packets spread by the link's rate alone).
    private const long MinimumSendSpanMicroseconds = 50_000;

    private long _firstSend = long.MaxValue;
    private long _newestSend = long.MinValue;
    private long _newestDelay;
    private long _smallestDelay = long.MaxValue;
    private long _firstArrival = long.MaxValue;
    private long _lastArrival = long.MinValue;

    /// <summary>The queue the feedback's newest packet met, in ms.</summary>
    public double NewestDelayMs { get; private set; }

    /// <summary>The smallest queue any of the feedback's packets met, in ms.</summary>
    public double SmallestDelayMs { get; private set; }

    /// <summary>Whether the feedback's packets arrived over at least 1.3 × the time they were sent in (and that over 50 ms).</summary>
    public bool Stretched { get; private set; }

    /// <summary>Adds one received packet of the feedback being read.</summary>
    public void OnPacket(long sendMicroseconds, long arrivalMicroseconds)
    {
        var delay = arrivalMicroseconds - sendMicroseconds;
        _smallestDelay = Math.Min(_smallestDelay, delay);
        _firstSend = Math.Min(_firstSend, sendMicroseconds);
        if (sendMicroseconds >= _newestSend)
        {
            _newestSend = sendMicroseconds;
            _newestDelay = delay;
        }

        _firstArrival = Math.Min(_firstArrival, arrivalMicroseconds);
        _lastArrival = Math.Max(_lastArrival, arrivalMicroseconds);
    }

    /// <summary>Ends the feedback (no packet received: nothing changes) against the empty path's delay.</summary>
    public void OnFeedbackEnd(long baseDelayMicroseconds)
    {
        if (_smallestDelay == long.MaxValue)
        {
            return;
        }

        NewestDelayMs = Math.Max(0, _newestDelay - baseDelayMicroseconds) / 1000.0;
        SmallestDelayMs = Math.Max(0, _smallestDelay - baseDelayMicroseconds) / 1000.0;
        var sendSpan = _newestSend - _firstSend;
        Stretched = sendSpan >= MinimumSendSpanMicroseconds && _lastArrival - _firstArrival >= StretchRatio * sendSpan;
        _firstSend = long.MaxValue;
        _newestSend = long.MinValue;
        _smallestDelay = long.MaxValue;
        _firstArrival = long.MaxValue;
        _lastArrival = long.MinValue;
    }
}
