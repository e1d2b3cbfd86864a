using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;
using Tandem.Media.RawVideo;
using Tandem.Media.Tests.Support;
using Tandem.Media.Tests.X264;
using Tandem.Media.Video;
using Tandem.Media.X264;

namespace Tandem.Media.Tests.Video;

public class X264VideoSourceTests
{
    [Fact]
    public async Task SetTargetBitrate_ThroughTheVideoSourceInterface_EncoderFollowsWithinItsCeiling()
    {
        var camera = new TestPatternVideoSource(320, 240, 30, new MediaClock(new FakeTimeProvider()), paced: false, frameCount: 2);
        await using var source = new X264VideoSource(camera, new X264EncoderOptions { Bitrate = 800_000 });
        IVideoSource asSource = source;

        asSource.SetTargetBitrate(300_000);
        Assert.Equal(300_000, source.Encoder.TargetBitrate);
        asSource.SetTargetBitrate(5_000_000);
        Assert.Equal(800_000, source.Encoder.TargetBitrate);
        asSource.SetTargetBitrate(1_000);
        Assert.Equal(10_000, source.Encoder.TargetBitrate);
    }

    [Fact]
    public async Task SkipFrameAsync_PicturesSkipped_NeverEncodedAndTheStreamStillDecodesWhole()
    {
        // A sender behind its link drops pictures before the encoder: the encoded stream has no hole to repair.
        using var temp = new TempDirectory();
        var camera = new TestPatternVideoSource(320, 240, 30, new MediaClock(new FakeTimeProvider()), paced: false, frameCount: 20);
        await using var source = new X264VideoSource(camera, new X264EncoderOptions { Bitrate = 400_000 });
        var captures = new List<TimeSpan>();
        await using (var file = File.Create(temp.File("out.h264")))
        {
            for (var picture = 0; picture < 20; picture++)
            {
                if (picture is 5 or 6 or 13)
                {
                    Assert.True(await source.SkipFrameAsync());
                    continue;
                }

                using var frame = await source.ReadFrameAsync();
                Assert.NotNull(frame);
                captures.Add(frame.CaptureTime.Elapsed);
                file.Write(frame.AccessUnit.Span);
            }

            Assert.False(await source.SkipFrameAsync());
        }

        // The capture times of the pictures sent; the encoder numbered only those (17 pictures, one IDR).
        var sent = Enumerable.Range(0, 20).Where(i => i is not (5 or 6 or 13)).ToList();
        Assert.Equal(sent.Select(i => TimeSpan.FromSeconds(i / 30.0).Ticks / 10_000), captures.Select(c => c.Ticks / 10_000));
        Assert.Equal(17, PatternEncoding.DecodeIndices(temp.File("out.h264"), 320, 240).Count);
        Assert.Equal(sent, PatternEncoding.DecodeIndices(temp.File("out.h264"), 320, 240));
    }

    [Fact]
    public async Task ReadFrameAsync_KeyframeRequest_NextFrameIsIdrWithoutRestartOrLoss()
    {
        using var temp = new TempDirectory();
        var camera = new TestPatternVideoSource(320, 240, 30, new MediaClock(new FakeTimeProvider()), paced: false, frameCount: 30);
        await using var source = new X264VideoSource(camera, new X264EncoderOptions { Bitrate = 400_000 });
        var frames = new List<(long Index, bool Key, TimeSpan Capture)>();
        var encodeDurations = new List<TimeSpan?>();
        await using var file = File.Create(temp.File("out.h264"));

        while (await source.ReadFrameAsync() is { } frame)
        {
            using (frame)
            {
                frames.Add((frame.Index, frame.IsKeyframe, frame.CaptureTime.Elapsed));
                encodeDurations.Add(frame.EncodeDuration);
                file.Write(frame.AccessUnit.Span);
            }

            if (frames.Count == 12)
            {
                source.RequestKeyframe();
            }
        }

        await file.DisposeAsync();
        Assert.Equal(Enumerable.Range(0, 30).Select(i => (long)i), frames.Select(f => f.Index));
        Assert.Equal([0L, 12], frames.Where(f => f.Key).Select(f => f.Index));
        Assert.InRange(frames[^1].Capture.Ticks, TimeSpan.FromSeconds(29 / 30.0).Ticks - 1, TimeSpan.FromSeconds(29 / 30.0).Ticks + 1);
        Assert.Equal(Enumerable.Range(0, 30), PatternEncoding.DecodeIndices(temp.File("out.h264"), 320, 240));
        Assert.Equal((320, 240, 30.0), (source.Encoder.Options.Width, source.Encoder.Options.Height, source.FrameRate));

        // The encoder's own time is measured (on the real clock: x264 takes real time) for every frame.
        Assert.All(encodeDurations, d => Assert.True(d > TimeSpan.Zero && d < TimeSpan.FromSeconds(5), $"encode took {d}"));
    }
}
