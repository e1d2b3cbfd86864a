namespace Tandem.WebRtc.Media;

/// <summary>
/// The NTP and RTP timestamps of one and the same instant on the sender's capture clock: what an
/// RTCP SR carries (RFC 3550 §6.4.1) so the receiver can line up audio and video.
/// </summary>
/// <param name="NtpTimestamp">64-bit NTP timestamp of the instant.</param>
/// <param name="RtpTimestamp">The stream's RTP timestamp of the same instant.</param>
public readonly record struct RtpClockSample(ulong NtpTimestamp, uint RtpTimestamp);

/// <summary>
/// Samples the capture clock for an SR. Both timestamps must come from one reading of the clock
/// (e.g. Tandem.Media's <c>MediaClock.SampleSenderReportTimes</c>); this is what makes lip sync work.
/// </summary>
public delegate RtpClockSample RtpSenderReportClock();
