namespace Tandem.WebRtc.Sctp;

/// <summary>Retransmission timeout estimation (RFC 9260 §6.3.1), with exponential back-off (§6.3.3 E2).</summary>
internal sealed class SctpRtoEstimator
{
    // RFC 9260 §16: RTO.Alpha = 1/8, RTO.Beta = 1/4.
    private const double Alpha = 0.125;
    private const double Beta = 0.25;

    private readonly TimeSpan _min;
    private readonly TimeSpan _max;
    private bool _hasMeasurement;
    private double _srttMs;
    private double _rttvarMs;

    public SctpRtoEstimator(TimeSpan initial, TimeSpan min, TimeSpan max)
    {
        _min = min;
        _max = max;
        Rto = initial;
    }

    public TimeSpan Rto { get; private set; }

    public TimeSpan SmoothedRtt => TimeSpan.FromMilliseconds(_srttMs);

    /// <summary>Feeds one round-trip measurement R (C1–C3).</summary>
    public void Measure(TimeSpan rtt)
    {
        var r = Math.Max(rtt.TotalMilliseconds, 0);
        if (!_hasMeasurement)
        {
            _srttMs = r;
            _rttvarMs = r / 2;
            _hasMeasurement = true;
        }
        else
        {
            _rttvarMs = ((1 - Beta) * _rttvarMs) + (Beta * Math.Abs(_srttMs - r));
            _srttMs = ((1 - Alpha) * _srttMs) + (Alpha * r);
        }

        Rto = Clamp(TimeSpan.FromMilliseconds(_srttMs + (4 * _rttvarMs)));
    }

    /// <summary>Doubles the RTO after a timer expiry, capped at RTO.Max.</summary>
    public void Backoff() => Rto = Clamp(Rto * 2);

    private TimeSpan Clamp(TimeSpan value) => value < _min ? _min : value > _max ? _max : value;
}
