using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Media.Tests.Video;

public class PushVideoSourceTests
{
    // ITU-T H.264 §7.4.1: NAL type 5 is an IDR slice, type 1 a non-IDR slice.
    private static readonly byte[] Idr = [0, 0, 0, 1, 0x65, 0x88, 0x84, 0x00];
    private static readonly byte[] PFrame = [0, 0, 0, 1, 0x41, 0x9A, 0x02, 0x00];

    [Fact]
    public async Task SetTargetBitrate_RaisesTheEventOncePerChange()
    {
        await using var source = new PushVideoSource(30);
        var seen = new List<int>();
        source.TargetBitrateChanged += seen.Add;
        Assert.Null(source.TargetBitrate);

        source.SetTargetBitrate(500_000);
        source.SetTargetBitrate(500_000);
        ((IVideoSource)source).SetTargetBitrate(250_000);

        Assert.Equal([500_000, 250_000], seen);
        Assert.Equal(250_000, source.TargetBitrate);
        Assert.Throws<ArgumentOutOfRangeException>(() => source.SetTargetBitrate(0));
    }

    [Fact]
    public async Task WrittenFrames_ReadInOrderWithTheirCaptureTimes_ThenNullAfterComplete()
    {
        await using var source = new PushVideoSource(30);
        Assert.True(source.TryWriteFrame(Idr, MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(10))));
        Assert.True(source.TryWriteFrame(PFrame, MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(43))));
        source.Complete();
        Assert.False(source.TryWriteFrame(PFrame, MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(76))));

        using (var first = await source.ReadFrameAsync())
        using (var second = await source.ReadFrameAsync())
        {
            Assert.True(first!.IsKeyframe);
            Assert.Equal((0L, TimeSpan.FromMilliseconds(10)), (first.Index, first.CaptureTime.Elapsed));
            Assert.Equal(Idr, first.AccessUnit.Span.ToArray());
            Assert.False(second!.IsKeyframe);
            Assert.Equal((1L, TimeSpan.FromMilliseconds(43)), (second.Index, second.CaptureTime.Elapsed));
        }

        Assert.Null(await source.ReadFrameAsync());
        Assert.Equal(0, source.DroppedFrames);
    }

    [Fact]
    public async Task QueueFull_DropsUntilTheNextKeyframeAndAsksForItOnce()
    {
        await using var source = new PushVideoSource(30, capacity: 2);
        var requests = 0;
        source.KeyframeRequested += () => requests++;
        Assert.True(source.TryWriteFrame(Idr, default));
        Assert.True(source.TryWriteFrame(PFrame, default));

        // Full: this P-frame is lost, so the ones after it cannot be decoded either.
        Assert.False(source.TryWriteFrame(PFrame, default));
        (await source.ReadFrameAsync())!.Dispose();
        Assert.False(source.TryWriteFrame(PFrame, default));
        Assert.Equal((2L, 1), (source.DroppedFrames, requests));

        Assert.True(source.TryWriteFrame(Idr, default));
        using var kept = await source.ReadFrameAsync();
        using var idr = await source.ReadFrameAsync();
        Assert.False(kept!.IsKeyframe);
        Assert.True(idr!.IsKeyframe);
        Assert.Equal(2, idr.Index);
    }

    [Fact]
    public async Task KeyframeRequests_CoalescedUntilAKeyframeOrTheRetryInterval()
    {
        var time = new FakeTimeProvider();
        await using var source = new PushVideoSource(30, timeProvider: time) { KeyframeRetryInterval = TimeSpan.FromSeconds(1) };
        var requests = 0;
        source.KeyframeRequested += () => requests++;

        source.RequestKeyframe();
        source.RequestKeyframe();
        time.Advance(TimeSpan.FromMilliseconds(999));
        source.RequestKeyframe();
        Assert.Equal(1, requests);

        // Unanswered for the whole interval: asked again.
        time.Advance(TimeSpan.FromMilliseconds(1));
        source.RequestKeyframe();
        Assert.Equal(2, requests);

        // Answered: the next request goes straight through.
        source.TryWriteFrame(Idr, default);
        source.RequestKeyframe();
        Assert.Equal(3, requests);
    }

    [Fact]
    public async Task BadArguments_Refused()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushVideoSource(0));
        Assert.Throws<ArgumentOutOfRangeException>(() => new PushVideoSource(30, capacity: 0));
        await using var source = new PushVideoSource(30);
        Assert.Throws<ArgumentException>(() => source.TryWriteFrame([], default));
    }
}
