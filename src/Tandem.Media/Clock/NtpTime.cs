namespace Tandem.Media.Clock;

/// <summary>
/// NTP timestamps as RTP uses them (RFC 3550 §4): 32 bits of seconds since 1900-01-01 00:00 UTC and
/// 32 bits of binary fraction of a second.
/// </summary>
public static class NtpTime
{
    /// <summary>The NTP epoch, 1900-01-01 00:00:00 UTC.</summary>
    public static readonly DateTimeOffset Epoch = new(1900, 1, 1, 0, 0, 0, TimeSpan.Zero);

    /// <summary>Converts a wall-clock time to a 64-bit NTP timestamp (wraps in 2036, era 1, as RFC 3550 allows).</summary>
    public static ulong FromDateTime(DateTimeOffset time)
    {
        long ticks = (time - Epoch).Ticks;
        ulong seconds = (ulong)(ticks / TimeSpan.TicksPerSecond);
        ulong remainder = (ulong)(ticks % TimeSpan.TicksPerSecond);
        ulong fraction = (remainder << 32) / TimeSpan.TicksPerSecond;
        return (seconds << 32) | fraction;
    }

    /// <summary>Converts a 64-bit NTP timestamp (era 0, before 2036) back to wall-clock time, to 100 ns.</summary>
    public static DateTimeOffset ToDateTime(ulong ntpTimestamp)
    {
        ulong seconds = ntpTimestamp >> 32;
        ulong fraction = ntpTimestamp & 0xFFFF_FFFF;
        long ticks = (long)(seconds * TimeSpan.TicksPerSecond) + (long)((fraction * TimeSpan.TicksPerSecond) >> 32);
        return Epoch.AddTicks(ticks);
    }

    /// <summary>
    /// The middle 32 bits of an NTP timestamp, the compact form RTCP uses in the LSR field of a
    /// reception report and in round-trip computations (RFC 3550 §6.4.1).
    /// </summary>
    public static uint ToCompact(ulong ntpTimestamp) => (uint)(ntpTimestamp >> 16);
}
