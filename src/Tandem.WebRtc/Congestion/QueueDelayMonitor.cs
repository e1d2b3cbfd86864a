namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The standing queue on the path, from one-way delays: each received packet's arrival (receiver's clock)
/// minus its send time (ours) is the path's delay plus an unknown clock offset; the smallest of them over
/// the last <see cref="BaseWindowSeconds"/> s is taken as the empty path, and the smallest delay above that
/// over the last <see cref="PersistMicroseconds"/> of feedback (the first packets of frames, which no burst of
/// their own delays) is the queue: a queue that stands, not a stall of the machine, which the bench's loaded
/// machine shows as feedbacks 100–350 ms late for a third of a second (sender, relay and receiver held at once).
/// The trendline of draft-ietf-rmcat-gcc-02 §5.3 sees only how fast the queue grows: one that grows more
/// slowly than its threshold (about 2.5 % of the link's rate, bench/bwe.sh: 1–2 %/s under a 1 Mbit/s cap)
/// or that was left over from a step down is invisible to it and stays. Not thread-safe.
/// </summary>
internal sealed class QueueDelayMonitor
{
    /// <summary>How long the empty path's delay is remembered (as the minimum of one-second buckets).</summary>
    public const int BaseWindowSeconds = 30;

    /// <summary>How long a queue must have stood (µs of the receiver's clock) to count.</summary>
    public const long PersistMicroseconds = 1_000_000;

    private const long BucketMicroseconds = 1_000_000;

    // Feedbacks remembered for the persistence window: enough for one every 16 ms (libwebrtc sends one every 50–250 ms).
    private const int Batches = 64;

    private readonly long[] _buckets = new long[BaseWindowSeconds];
    private readonly long[] _batchMinima = new long[Batches];
    private readonly long[] _batchEnds = new long[Batches];
    private long _bucketIndex = long.MinValue;
    private int _batchCount;
    private int _batchNext;
    private long _batchMinimum = long.MaxValue;
    private long _batchEnd = long.MinValue;

    /// <summary>The standing queue as of the last feedback, in ms (0 until known).</summary>
    public double QueueDelayMs { get; private set; }

    /// <summary>The empty path's one-way delay (receiver's clock minus ours, µs): the smallest of the window; long.MaxValue until known.</summary>
    public long BaseDelayMicroseconds => BaseDelay();

    /// <summary>Adds one received packet of the feedback being read.</summary>
    public void OnPacket(long sendMicroseconds, long arrivalMicroseconds)
    {
        var delay = arrivalMicroseconds - sendMicroseconds;
        var index = arrivalMicroseconds / BucketMicroseconds;
        if (index > _bucketIndex)
        {
            // Buckets of the seconds skipped (a gap in the feedback) hold nothing.
            if (_bucketIndex == long.MinValue || index - _bucketIndex >= BaseWindowSeconds)
            {
                Array.Fill(_buckets, long.MaxValue);
            }
            else
            {
                for (var second = _bucketIndex + 1; second <= index; second++)
                {
                    _buckets[(int)(second % BaseWindowSeconds)] = long.MaxValue;
                }
            }

            _bucketIndex = index;
        }

        if (index > _bucketIndex - BaseWindowSeconds)
        {
            ref var bucket = ref _buckets[(int)(index % BaseWindowSeconds)];
            bucket = Math.Min(bucket, delay);
        }

        _batchMinimum = Math.Min(_batchMinimum, delay);
        _batchEnd = Math.Max(_batchEnd, arrivalMicroseconds);
    }

    /// <summary>Ends a feedback and returns <see cref="QueueDelayMs"/>: the smallest delay of the persistence window above the empty path's.</summary>
    public double OnFeedbackEnd()
    {
        if (_batchMinimum == long.MaxValue)
        {
            return QueueDelayMs;
        }

        _batchMinima[_batchNext] = _batchMinimum;
        _batchEnds[_batchNext] = _batchEnd;
        _batchNext = (_batchNext + 1) % Batches;
        _batchCount = Math.Min(_batchCount + 1, Batches);
        _batchMinimum = long.MaxValue;

        // The feedbacks of the last PersistMicroseconds of arrivals and the one in effect when they began: a stall
        // (no arrivals, then a burst of late ones) leaves the feedback before it in the window.
        var minimum = long.MaxValue;
        for (var i = 1; i <= _batchCount; i++)
        {
            var at = (_batchNext - i + Batches) % Batches;
            minimum = Math.Min(minimum, _batchMinima[at]);
            if (_batchEnds[at] <= _batchEnd - PersistMicroseconds)
            {
                break;
            }
        }

        QueueDelayMs = Math.Max(0, minimum - BaseDelay()) / 1000.0;
        return QueueDelayMs;
    }

    /// <summary>
    /// Takes the last feedback's delay as the empty path's: the path itself got longer (a new route), since
    /// sending well below what it carried did not shorten the queue.
    /// </summary>
    public void Rebase()
    {
        var current = BaseDelay() + (long)(QueueDelayMs * 1000);
        Array.Fill(_buckets, long.MaxValue);
        if (_bucketIndex != long.MinValue)
        {
            _buckets[(int)(_bucketIndex % BaseWindowSeconds)] = current;
        }

        _batchCount = 0;
        QueueDelayMs = 0;
    }

    private long BaseDelay()
    {
        var minimum = long.MaxValue;
        foreach (var bucket in _buckets)
        {
            minimum = Math.Min(minimum, bucket);
        }

        return minimum;
    }
}
