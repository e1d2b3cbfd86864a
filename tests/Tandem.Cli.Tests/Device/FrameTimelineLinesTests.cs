using Tandem.Cli.Device;
using Tandem.Client.Streams;
using Tandem.Media.Clock;

namespace Tandem.Cli.Tests.Device;

public sealed class FrameTimelineLinesTests
{
    [Fact]
    public void Format_Frame_EachStepInMillisecondsBetweenItsInstants()
    {
        var captured = MediaInstant.FromElapsed(TimeSpan.FromSeconds(10));
        var frame = new VideoFrameTimeline(42, true, captured, TimeSpan.FromMilliseconds(4.5), captured + TimeSpan.FromMilliseconds(9.25),
            captured + TimeSpan.FromMilliseconds(9.5), captured + TimeSpan.FromMilliseconds(21.5), 7, 8123);

        Assert.Equal("frame: index=42 key=1 bytes=8123 packets=7 captured-encoded=9.25 encode=4.50 encoded-first=0.25 first-last=12.00",
            FrameTimelineLines.Format(frame));
    }

    [Fact]
    public void Format_SourceWithoutEncodeDuration_Dash()
    {
        var frame = new VideoFrameTimeline(1, false, default, null, default, default, default, 1, 100);

        Assert.Contains(" encode=- ", FrameTimelineLines.Format(frame), StringComparison.Ordinal);
    }
}
