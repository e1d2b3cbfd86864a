using Tandem.Client.Streams;
using Tandem.Media.Clock;

namespace Tandem.Client.Tests.Streams;

public sealed class SentFrameLogTests
{
    [Fact]
    public void TryTake_FrameHandedOver_FoundOnceByItsRtpTimestamp()
    {
        var log = new SentFrameLog();
        var captured = MediaInstant.FromElapsed(TimeSpan.FromSeconds(1));
        log.Add(3000, 7, true, captured, TimeSpan.FromMilliseconds(4), captured + TimeSpan.FromMilliseconds(6));
        log.Add(6000, 8, false, captured, null, captured);

        Assert.True(log.TryTake(3000, out var frame));
        Assert.Equal((7L, true, captured, (TimeSpan?)TimeSpan.FromMilliseconds(4), captured + TimeSpan.FromMilliseconds(6)),
            (frame.Index, frame.IsKeyframe, frame.Captured, frame.EncodeDuration, frame.Encoded));
        Assert.False(log.TryTake(3000, out _));
        Assert.True(log.TryTake(6000, out _));
    }

    [Fact]
    public void Add_MoreFramesThanItHolds_OldestForgotten()
    {
        var log = new SentFrameLog();
        for (uint i = 0; i < 65; i++)
        {
            log.Add(i * 3000, i, false, default, null, default);
        }

        Assert.False(log.TryTake(0, out _));
        Assert.True(log.TryTake(3000, out _));
        Assert.True(log.TryTake(64 * 3000, out _));
    }
}
