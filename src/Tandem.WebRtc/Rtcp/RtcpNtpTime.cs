namespace Tandem.WebRtc.Rtcp;

/// <summary>
/// NTP timestamps as used by RTCP (RFC 3550 §4, https://www.rfc-editor.org/rfc/rfc3550#section-4): 64-bit fixed point seconds since 1900-01-01,
/// and the "compact" middle 32 bits (16.16) used by LSR/DLSR.
/// </summary>
internal static class RtcpNtpTime
{
    private static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Converts a wall-clock instant to a 64-bit NTP timestamp.</summary>
    public static ulong FromDateTime(DateTimeOffset time)
    {
        var ticks = (ulong)(time - Epoch).Ticks;
        var seconds = ticks / TimeSpan.TicksPerSecond;
        var fraction = ((ticks % TimeSpan.TicksPerSecond) << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>Converts a 64-bit NTP timestamp back to a wall-clock instant (100 ns resolution).</summary>
    public static DateTimeOffset ToDateTime(ulong ntpTimestamp)
    {
        var seconds = ntpTimestamp >> 32;
        var fractionTicks = ((ntpTimestamp & 0xFFFFFFFF) * TimeSpan.TicksPerSecond) >> 32;
        return Epoch.AddTicks((long)((seconds * TimeSpan.TicksPerSecond) + fractionTicks));
    }

    /// <summary>RFC 3550 §6.4.1: the middle 32 bits of a 64-bit NTP timestamp (units of 1/65536 s).</summary>
    public static uint ToCompact(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);

    /// <summary>Converts a compact (16.16) duration to a <see cref="TimeSpan"/>.</summary>
    public static TimeSpan CompactToTimeSpan(uint compact) => TimeSpan.FromTicks((long)compact * TimeSpan.TicksPerSecond / 65536);

    /// <summary>Converts a duration to compact (16.16) units, saturating at the 32-bit range.</summary>
    public static uint TimeSpanToCompact(TimeSpan duration)
    {
        if (duration <= TimeSpan.Zero)
        {
            return 0;
        }

        var value = duration.Ticks * 65536 / TimeSpan.TicksPerSecond;
        return value > uint.MaxValue ? uint.MaxValue : (uint)value;
    }
}
