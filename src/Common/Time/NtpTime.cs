namespace Tandem.Common.Time;

/// <summary>
/// NTP timestamps as RTP and RTCP use them (RFC 3550 §4, https://www.rfc-editor.org/rfc/rfc3550#section-4):
/// 32 bits of seconds since 1900-01-01 00:00 UTC and 32 bits of binary fraction of a second, and the
/// "compact" middle 32 bits (16.16) of the LSR and DLSR fields (RFC 3550 §6.4.1).
/// </summary>
internal static class NtpTime
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

        long value = duration.Ticks * 65536 / TimeSpan.TicksPerSecond;
        return value > uint.MaxValue ? uint.MaxValue : (uint)value;
    }

    /// <summary>
    /// The sender's wall-clock time of <paramref name="rtpTimestamp"/>, given a sender report's NTP and
    /// RTP timestamps of one instant (RFC 3550 §6.4.1) and the stream's clock rate. RFC 3550 §5.1:
    /// timestamps wrap modulo 2^32, so the one within ±2^31 units of the report's is taken (±6.6 h at 90 kHz).
    /// </summary>
    public static DateTimeOffset ToSenderTime(ulong reportNtpTimestamp, uint reportRtpTimestamp, int clockRate, uint rtpTimestamp)
    {
        long units = unchecked((int)(rtpTimestamp - reportRtpTimestamp));
        long seconds = Math.DivRem(units, clockRate, out long remainder);
        long ticks = (seconds * TimeSpan.TicksPerSecond) + (remainder * TimeSpan.TicksPerSecond / clockRate);
        return ToDateTime(reportNtpTimestamp).AddTicks(ticks);
    }
}
