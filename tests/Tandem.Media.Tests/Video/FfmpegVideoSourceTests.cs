using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Media.Tests.Video;

public class FfmpegVideoSourceTests
{
    private static FfmpegVideoSourceOptions Small(TimeSpan duration) => new()
    {
        Width = 320,
        Height = 240,
        FrameRate = 15,
        BitrateKbps = 300,
        Realtime = false,
        Duration = duration,
    };

    [Fact]
    public async Task ReadFrameAsync_TestPattern_DeliversDecodableAccessUnits()
    {
        await using var source = new FfmpegVideoSource(Small(TimeSpan.FromSeconds(1)), new MediaClock(new FakeTimeProvider()));
        var frames = new List<VideoFrame>();

        while (await source.ReadFrameAsync() is { } frame)
        {
            frames.Add(frame);
        }

        try
        {
            Assert.Equal(15, frames.Count);
            Assert.True(frames[0].IsKeyframe);
            Assert.True(frames[0].AccessUnit.TryGetSps(out var sps));
            Assert.Equal((320, 240), (sps.Width, sps.Height));
            Assert.Equal(66, sps.ProfileIdc);
            Assert.InRange(frames[14].CaptureTime.Elapsed.Ticks, TimeSpan.FromSeconds(14 / 15.0).Ticks - 1, TimeSpan.FromSeconds(14 / 15.0).Ticks + 1);
            Assert.Equal(15, source.FrameRate);
        }
        finally
        {
            frames.ForEach(f => f.Dispose());
        }
    }

    [Fact]
    public async Task RequestKeyframe_RestartPolicy_NextFrameIsIdrFromNewProcess()
    {
        var options = Small(TimeSpan.FromSeconds(2)) with { KeyframeInterval = 1000, MinRestartInterval = TimeSpan.Zero };
        await using var source = new FfmpegVideoSource(options, new MediaClock(new FakeTimeProvider()));
        for (int i = 0; i < 3; i++)
        {
            using var frame = await source.ReadFrameAsync();
            Assert.Equal(i == 0, frame!.IsKeyframe);
        }

        source.RequestKeyframe();
        using var next = await source.ReadFrameAsync();

        Assert.True(next!.IsKeyframe);
        Assert.True(next.AccessUnit.HasSps);
        Assert.Equal(2, source.ProcessStarts);
        Assert.Equal(3, next.Index);
    }

    [Fact]
    public async Task RequestKeyframe_WithinRestartInterval_WaitsForInterval()
    {
        var time = new FakeTimeProvider();
        var options = Small(TimeSpan.FromSeconds(2)) with { KeyframeInterval = 1000, MinRestartInterval = TimeSpan.FromSeconds(1) };
        await using var source = new FfmpegVideoSource(options, new MediaClock(time));
        (await source.ReadFrameAsync())!.Dispose();
        (await source.ReadFrameAsync())!.Dispose();

        source.RequestKeyframe();
        using var limited = await source.ReadFrameAsync();
        time.Advance(TimeSpan.FromSeconds(1));
        using var restarted = await source.ReadFrameAsync();

        Assert.False(limited!.IsKeyframe);
        Assert.True(restarted!.IsKeyframe);
        Assert.Equal(2, source.ProcessStarts);
    }

    [Fact]
    public async Task RequestKeyframe_IgnorePolicy_StreamContinues()
    {
        var options = Small(TimeSpan.FromSeconds(1)) with { KeyframeInterval = 1000, KeyframePolicy = KeyframeRequestPolicy.Ignore };
        await using var source = new FfmpegVideoSource(options, new MediaClock(new FakeTimeProvider()));
        (await source.ReadFrameAsync())!.Dispose();

        source.RequestKeyframe();
        using var next = await source.ReadFrameAsync();

        Assert.False(next!.IsKeyframe);
        Assert.Equal(1, source.ProcessStarts);
    }

    [Fact]
    public async Task ReadFrameAsync_MissingDevice_ThrowsWithFfmpegError()
    {
        var options = Small(TimeSpan.FromSeconds(1)) with { V4l2Device = "/dev/tandem-no-such-camera" };
        await using var source = new FfmpegVideoSource(options, new MediaClock(new FakeTimeProvider()));

        var error = await Assert.ThrowsAsync<InvalidOperationException>(async () => await source.ReadFrameAsync());

        Assert.Contains("tandem-no-such-camera", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ReadFrameAsync_Realtime_FramesSpreadAtNativeRate()
    {
        var options = Small(TimeSpan.FromSeconds(0.6)) with { FrameRate = 10, Realtime = true };
        var clock = new MediaClock();
        MediaInstant started = clock.Now;
        await using var source = new FfmpegVideoSource(options, clock);
        var instants = new List<MediaInstant>();

        while (await source.ReadFrameAsync() is { } frame)
        {
            instants.Add(frame.CaptureTime);
            frame.Dispose();
        }

        // -re never lets ffmpeg run ahead of real time: the sixth frame (pts 0.5 s) cannot leave before
        // 0.5 s after ffmpeg started, which is after we did. (Frame-to-frame spacing is no bound: a
        // descheduled ffmpeg catches up in a burst.)
        Assert.Equal(6, instants.Count);
        Assert.True(instants[^1] - started >= TimeSpan.FromMilliseconds(500), $"last frame {instants[^1] - started} after the start");
        Assert.Equal(instants.Order(), instants);
    }

    [Fact]
    public void BuildArguments_Realtime_PacesInputAndEncodesBaselineAnnexB()
    {
        var args = FfmpegVideoSource.BuildArguments(new FfmpegVideoSourceOptions { KeyframeInterval = 30 });
        string line = string.Join(' ', args);

        Assert.Contains("-re -f lavfi -i testsrc2=size=1280x720:rate=30", line, StringComparison.Ordinal);
        Assert.Contains("-profile:v baseline", line, StringComparison.Ordinal);
        Assert.Contains("-tune zerolatency", line, StringComparison.Ordinal);
        Assert.Contains("-g 30", line, StringComparison.Ordinal);
        Assert.EndsWith("-f h264 pipe:1", line, StringComparison.Ordinal);
    }
}
