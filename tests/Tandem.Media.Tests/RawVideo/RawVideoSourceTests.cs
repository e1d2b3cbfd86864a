using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;
using Tandem.Media.RawVideo;

namespace Tandem.Media.Tests.RawVideo;

public class RawVideoSourceTests
{
    [Fact]
    public async Task TestPattern_Paced_StampsEachPictureWithItsSlotEvenWhenReadLate()
    {
        var time = new FakeTimeProvider();
        var clock = new MediaClock(time);
        await using var source = new TestPatternVideoSource(64, 32, 10, clock, paced: true, frameCount: 3);
        var frame = new RawVideoFrame(64, 32);

        Assert.True(await source.ReadFrameAsync(frame));
        Assert.Equal(MediaInstant.Zero, frame.CaptureTime);

        var second = source.ReadFrameAsync(frame).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(99));
        Assert.False(second.IsCompleted);

        // The timer fires late: the picture is the slot's, as a camera's sensor exposed it on time; the lateness is the
        // pipeline's, and the timestamps stay even (a receiver schedules display by them).
        time.Advance(TimeSpan.FromMilliseconds(4));
        Assert.True(await second);
        Assert.Equal(TimeSpan.FromMilliseconds(100), frame.CaptureTime.Elapsed);
        Assert.Equal(1, frame.Index);
        Assert.True(TestPattern.TryReadIndex(frame.Y, 64, 32, 64, out int burned));
        Assert.Equal(1, burned);

        // The schedule does not drift: the third slot is still at 200 ms.
        var third = source.ReadFrameAsync(frame).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(97));
        Assert.True(await third);
        Assert.Equal(TimeSpan.FromMilliseconds(200), frame.CaptureTime.Elapsed);
        Assert.False(await source.ReadFrameAsync(frame));
    }

    [Fact]
    public async Task TestPattern_PacedReaderLateByFrames_SkipsTheMissedSlotsInsteadOfABurst()
    {
        var time = new FakeTimeProvider();
        await using var source = new TestPatternVideoSource(64, 32, 10, new MediaClock(time), paced: true);
        var frame = new RawVideoFrame(64, 32);
        Assert.True(await source.ReadFrameAsync(frame));

        // The reader comes back 350 ms later (a starved CPU): slots 1–3 have passed. A camera delivers
        // the current picture (slot 3's) once, then the next at its slot (400 ms), not slots 2 and 3 back to back.
        time.Advance(TimeSpan.FromMilliseconds(350));
        Assert.True(await source.ReadFrameAsync(frame));
        Assert.Equal(TimeSpan.FromMilliseconds(300), frame.CaptureTime.Elapsed);
        Assert.Equal(1, frame.Index);

        var next = source.ReadFrameAsync(frame).AsTask();
        Assert.False(next.IsCompleted, "a missed slot was delivered late instead of skipped");
        time.Advance(TimeSpan.FromMilliseconds(50));
        Assert.True(await next);
        Assert.Equal(TimeSpan.FromMilliseconds(400), frame.CaptureTime.Elapsed);
        Assert.Equal(2, frame.Index);
    }

    [Fact]
    public async Task TestPattern_Unpaced_UsesTheFrameSchedule()
    {
        await using var source = new TestPatternVideoSource(64, 32, 25, new MediaClock(new FakeTimeProvider()), paced: false, frameCount: 4);
        var frame = new RawVideoFrame(64, 32);
        var instants = new List<TimeSpan>();

        while (await source.ReadFrameAsync(frame))
        {
            instants.Add(frame.CaptureTime.Elapsed);
        }

        Assert.Equal([0, 40, 80, 120], instants.Select(t => t.TotalMilliseconds));
    }

    [Fact]
    public async Task TestPattern_WrongDestinationOrArguments_Throw()
    {
        var clock = new MediaClock(new FakeTimeProvider());
        await using var source = new TestPatternVideoSource(64, 32, 25, clock, paced: false);

        var error = await Assert.ThrowsAsync<ArgumentException>(() => source.ReadFrameAsync(new RawVideoFrame(32, 32)).AsTask());
        Assert.Contains("32×32; this camera produces 64×32", error.Message, StringComparison.Ordinal);
        Assert.Equal("frameRate", Assert.Throws<ArgumentOutOfRangeException>(() => new TestPatternVideoSource(64, 32, 0, clock)).ParamName);
        Assert.Contains("even", Assert.Throws<ArgumentException>(() => new TestPatternVideoSource(65, 32, 25, clock)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Ffmpeg_Lavfi_DeliversWholePicturesThenEnds()
    {
        var options = new FfmpegRawVideoSourceOptions { Width = 160, Height = 120, FrameRate = 20, Realtime = false, Duration = TimeSpan.FromSeconds(0.5) };
        await using var source = new FfmpegRawVideoSource(options, new MediaClock(new FakeTimeProvider()));
        var frame = new RawVideoFrame(160, 120);
        var instants = new List<double>();
        var lumaSums = new HashSet<long>();

        while (await source.ReadFrameAsync(frame))
        {
            instants.Add(frame.CaptureTime.Elapsed.TotalMilliseconds);
            long sum = 0;
            foreach (byte b in frame.Y)
            {
                sum += b;
            }

            lumaSums.Add(sum);
        }

        Assert.Equal([0, 50, 100, 150, 200, 250, 300, 350, 400, 450], instants);

        // testsrc2 moves: the pictures differ, so each read is a new picture, not a repeat or a misaligned slice.
        Assert.Equal(10, lumaSums.Count);
    }

    [Fact]
    public async Task Ffmpeg_Realtime_StampsWhenEachPictureIsRead()
    {
        var time = new FakeTimeProvider();
        var options = new FfmpegRawVideoSourceOptions { Width = 160, Height = 120, FrameRate = 20, Realtime = true, Duration = TimeSpan.FromSeconds(0.1) };
        await using var source = new FfmpegRawVideoSource(options, new MediaClock(time));
        var frame = new RawVideoFrame(160, 120);

        time.Advance(TimeSpan.FromMilliseconds(70));
        Assert.True(await source.ReadFrameAsync(frame));

        Assert.Equal(TimeSpan.FromMilliseconds(70), frame.CaptureTime.Elapsed);
    }

    [Fact]
    public async Task Ffmpeg_MissingDevice_ThrowsWithFfmpegsError()
    {
        var options = new FfmpegRawVideoSourceOptions { V4l2Device = "/dev/tandem-no-such-camera", Width = 160, Height = 120 };
        await using var source = new FfmpegRawVideoSource(options, new MediaClock());

        var error = await Assert.ThrowsAsync<InvalidOperationException>(() => source.ReadFrameAsync(new RawVideoFrame(160, 120)).AsTask());

        Assert.Contains("ffmpeg exited with code", error.Message, StringComparison.Ordinal);
        Assert.Contains("/dev/tandem-no-such-camera", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Ffmpeg_Arguments_RawI420FlushedPerPicture()
    {
        var args = FfmpegRawVideoSource.BuildArguments(new FfmpegRawVideoSourceOptions { V4l2Device = "/dev/video2", Width = 640, Height = 480, FrameRate = 15 });

        Assert.Equal(
            ["-hide_banner", "-loglevel", "error", "-nostdin", "-f", "v4l2", "-framerate", "15", "-video_size", "640x480", "-i", "/dev/video2",
             "-an", "-s", "640x480", "-pix_fmt", "yuv420p", "-flush_packets", "1", "-f", "rawvideo", "pipe:1"],
            args);
    }
}
