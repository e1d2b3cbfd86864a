using Tandem.Common.Time;

namespace Tandem.WebRtc.Media;

/// <summary>
/// What the latest RTCP sender report of one stream says: its NTP and RTP timestamps name one
/// instant of the sender's capture clock (RFC 3550 §6.4.1), so any RTP timestamp of that stream
/// maps to the sender's wall clock. Streams of one sender (one CNAME, RFC 3550 §6.5.1) share that
/// wall clock, which is how a receiver lines audio and video up.
/// </summary>
/// <param name="Ssrc">The sending stream.</param>
/// <param name="ClockRate">The stream's RTP clock rate (90 000 for H.264, 48 000 for Opus).</param>
/// <param name="NtpTimestamp">The report's 64-bit NTP timestamp.</param>
/// <param name="RtpTimestamp">The report's RTP timestamp, of the same instant.</param>
/// <param name="ReceivedAt">When the report arrived, on the receiver's clock.</param>
internal readonly record struct RtpSenderReportMapping(uint Ssrc, int ClockRate, ulong NtpTimestamp, uint RtpTimestamp, DateTimeOffset ReceivedAt)
{
    /// <summary>The sender's wall-clock time of the report's instant.</summary>
    public DateTimeOffset SenderTime => NtpTime.ToDateTime(NtpTimestamp);

    /// <summary>
    /// The sender's wall-clock time of <paramref name="rtpTimestamp"/> (the one within ±2^31 units of
    /// the report's, RFC 3550 §5.1).
    /// </summary>
    public DateTimeOffset ToSenderTime(uint rtpTimestamp) => NtpTime.ToSenderTime(NtpTimestamp, RtpTimestamp, ClockRate, rtpTimestamp);
}
