namespace Tandem.WebRtc.Rtcp;

/// <summary>
/// When to send the next SR/RR. RFC 3550 §6.3.1 (https://www.rfc-editor.org/rfc/rfc3550#section-6.3.1)
/// randomizes each interval to [0.5, 1.5] × the nominal one so that participants do not synchronise.
/// The first reports go out early (our lip-sync rule: two SRs within ~0.5 s of the first packet), so
/// the receiver can map RTP to NTP time at once. Not thread-safe: owned by the RTCP timer of one session.
/// </summary>
internal sealed class RtcpReportScheduler
{
    private readonly Random _random;
    private int _sent;

    /// <summary>
    /// Creates a schedule with <paramref name="nominalInterval"/> (default 1 s, the usual WebRTC video
    /// value) and <paramref name="earlyReports"/> reports spaced ~250 ms at the start.
    /// </summary>
    public RtcpReportScheduler(TimeSpan? nominalInterval = null, int earlyReports = 2, Random? random = null)
    {
        NominalInterval = nominalInterval ?? TimeSpan.FromSeconds(1);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(NominalInterval, TimeSpan.Zero);
        ArgumentOutOfRangeException.ThrowIfNegative(earlyReports);
        EarlyReports = earlyReports;
        _random = random ?? Random.Shared;
    }

    /// <summary>The average interval once past the early reports.</summary>
    public TimeSpan NominalInterval { get; }

    /// <summary>How many reports are sent at the short early spacing.</summary>
    public int EarlyReports { get; }

    /// <summary>Returns the delay until the next report, counting this one as sent.</summary>
    public TimeSpan NextInterval()
    {
        var nominal = _sent < EarlyReports ? TimeSpan.FromMilliseconds(250) : NominalInterval;
        _sent++;

        // RFC 3550 §6.3.1: multiply by a random factor uniformly distributed in [0.5, 1.5].
        return nominal * (0.5 + _random.NextDouble());
    }
}
