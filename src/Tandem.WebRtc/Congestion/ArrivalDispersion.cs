namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The rate the bottleneck drains its queue at, from the spacing of the newest arrivals (packet-pair dispersion: behind
/// a queue, each packet arrives its own size's time on the link after the one before). The median over the last
/// <see cref="Samples"/> packets, so one gap (a stall, a longer path) or one burst (a stall released) moves nothing.
/// Meaningful only while a queue stands, i.e. when the detector sees overuse: on an idle link it reads the pacing
/// rate. Fixed storage; not thread-safe.
/// </summary>
internal sealed class ArrivalDispersion
{
    /// <summary>How many of the newest packets the median is over.</summary>
    public const int Samples = 32;

    private readonly double[] _rates = new double[Samples];
    private readonly double[] _sorted = new double[Samples];
    private int _count;
    private int _next;
    private long _lastArrival = -1;

    /// <summary>The median of the newest packets' size over the time since the packet before, in bits per second; null until half the samples are in.</summary>
    public long? BitsPerSecond
    {
        get
        {
            if (_count < Samples / 2)
            {
                return null;
            }

            var sorted = _sorted.AsSpan(0, _count);
            _rates.AsSpan(0, _count).CopyTo(sorted);
            sorted.Sort();
            return (long)sorted[_count / 2];
        }
    }

    /// <summary>Adds a received packet in transport order; one that arrived no later than the one before (reordered, or the same tick) gives no sample.</summary>
    public void OnPacket(long arrivalMicroseconds, int size)
    {
        if (_lastArrival >= 0 && arrivalMicroseconds > _lastArrival)
        {
            _rates[_next] = size * 8 * 1_000_000.0 / (arrivalMicroseconds - _lastArrival);
            _next = (_next + 1) % Samples;
            _count = Math.Min(_count + 1, Samples);
        }

        _lastArrival = Math.Max(_lastArrival, arrivalMicroseconds);
    }
}
