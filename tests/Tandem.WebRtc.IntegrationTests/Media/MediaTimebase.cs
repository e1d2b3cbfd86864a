extern alias TandemMedia;

using TandemMedia::Tandem.Media.Clock;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.Opus;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// The device's one capture clock and the RTP clocks of its video (90 kHz) and audio (48 kHz, RFC 7587)
/// streams; the report clocks give each SR the NTP and RTP time of one clock reading (RFC 3550 §6.4.1).
/// </summary>
public sealed class MediaTimebase
{
    public MediaTimebase()
    {
        Video = Clock.CreateRtpClock(90_000);
        Audio = Clock.CreateRtpClock(OpusRtp.ClockRate);
    }

    public MediaClock Clock { get; } = new();

    public RtpClock Video { get; }

    public RtpClock Audio { get; }

    public RtpSenderReportClock VideoReportClock => () => Sample(Video);

    public RtpSenderReportClock AudioReportClock => () => Sample(Audio);

    private RtpClockSample Sample(RtpClock rtp)
    {
        var times = Clock.SampleSenderReportTimes(rtp);
        return new RtpClockSample(times.NtpTimestamp, times.RtpTimestamp);
    }
}
