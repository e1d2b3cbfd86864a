namespace Tandem.Media.Clock;

/// <summary>
/// The receiver's view of one sender stream's clock: the latest RTCP sender report pairs an NTP
/// timestamp with an RTP timestamp of the same instant (RFC 3550 §6.4.1), so any RTP timestamp of
/// that stream maps to the sender's wall clock. Mapping audio and video through their own SRs onto
/// the one sender clock is how a receiver lines them up (lip sync). Not thread-safe.
/// </summary>
public sealed class SenderClockMapping
{
    /// <summary>Creates a mapping for a stream with <paramref name="clockRate"/> RTP units per second.</summary>
    public SenderClockMapping(int clockRate)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(clockRate);
        ClockRate = clockRate;
    }

    /// <summary>RTP timestamp units per second.</summary>
    public int ClockRate { get; }

    /// <summary>Whether a sender report has been seen.</summary>
    public bool HasReport { get; private set; }

    /// <summary>The NTP timestamp of the latest sender report.</summary>
    public ulong NtpTimestamp { get; private set; }

    /// <summary>The RTP timestamp of the latest sender report.</summary>
    public uint RtpTimestamp { get; private set; }

    /// <summary>Records a sender report's NTP/RTP timestamp pair.</summary>
    public void Update(ulong ntpTimestamp, uint rtpTimestamp)
    {
        NtpTimestamp = ntpTimestamp;
        RtpTimestamp = rtpTimestamp;
        HasReport = true;
    }

    /// <summary>
    /// The sender's wall-clock time of <paramref name="rtpTimestamp"/>; false before the first report.
    /// Timestamps within ±2^31 units of the report's are handled across wrap-around.
    /// </summary>
    public bool TryGetSenderTime(uint rtpTimestamp, out DateTimeOffset senderTime)
    {
        if (!HasReport)
        {
            senderTime = default;
            return false;
        }

        long units = unchecked((int)(rtpTimestamp - RtpTimestamp));
        long seconds = Math.DivRem(units, ClockRate, out long remainder);
        long ticks = (seconds * TimeSpan.TicksPerSecond) + (remainder * TimeSpan.TicksPerSecond / ClockRate);
        senderTime = NtpTime.ToDateTime(NtpTimestamp).AddTicks(ticks);
        return true;
    }
}
