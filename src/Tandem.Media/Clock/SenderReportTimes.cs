namespace Tandem.Media.Clock;

/// <summary>The NTP and RTP timestamps of one capture instant, for an RTCP sender report (RFC 3550 §6.4.1).</summary>
/// <param name="Instant">The sampled capture instant.</param>
/// <param name="NtpTimestamp">The 64-bit NTP timestamp of <paramref name="Instant"/>.</param>
/// <param name="RtpTimestamp">The RTP timestamp of <paramref name="Instant"/>.</param>
public readonly record struct SenderReportTimes(MediaInstant Instant, ulong NtpTimestamp, uint RtpTimestamp);
