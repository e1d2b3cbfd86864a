using Tandem.Cli.Device;
using Tandem.Client.Streams;
using Tandem.Media.Clock;
using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Cli.Tests.Device;

public sealed class MediaTraceLinesTests
{
    [Fact]
    public void FormatSample_SenderAndEstimate_EveryFieldWithItsUnit()
    {
        var video = new RtpOutboundStats(1, 96, 1200, 1_000_000, 300, 12, 2, 40, TimeSpan.Zero, TimeSpan.FromMilliseconds(23.46), NacksReceived: 5, ResendsUnavailable: 3);
        var bandwidth = new RtcBandwidthStats(1_234_567, 1_100_000, 999_999, 0.126, TimeSpan.FromMilliseconds(17.4), BandwidthUsage.Normal, null, 77, 0);

        Assert.Equal("trace: at=1700000000123 target=1234 sent=1100 delivered=999 loss=0.13 queue=17 usage=normal feedbacks=77 rtt=23.5 packets=1200 resent=12 nacks=5 unavailable=3 keyframe-requests=2 audio-packets=480",
            MediaTraceLines.FormatSample(1_700_000_000_123, video, bandwidth, new RtpOutboundStats(2, 111, 480, 38_400, 0, 0, 0, null, null, null)));
    }

    [Fact]
    public void FormatSample_NothingKnownYet_Dashes()
    {
        var video = new RtpOutboundStats(1, 96, 0, 0, 0, 0, 0, null, null, null);

        Assert.Equal("trace: at=5 target=- sent=- delivered=- loss=- queue=- usage=- feedbacks=- rtt=- packets=0 resent=0 nacks=0 unavailable=0 keyframe-requests=0 audio-packets=-",
            MediaTraceLines.FormatSample(5, video, null, null));
    }

    [Fact]
    public void FormatFrame_Keyframe_PacerWaitAndSpreadInMilliseconds()
    {
        var captured = MediaInstant.FromElapsed(TimeSpan.FromSeconds(10));
        var frame = new VideoFrameTimeline(42, true, captured, null, captured + TimeSpan.FromMilliseconds(9),
            captured + TimeSpan.FromMilliseconds(11.5), captured + TimeSpan.FromMilliseconds(23.5), 7, 8123);

        Assert.Equal("trace: at=99 frame=42 key=1 bytes=8123 packets=7 pacer=2.5 spread=12.0", MediaTraceLines.FormatFrame(99, frame));
    }
}
