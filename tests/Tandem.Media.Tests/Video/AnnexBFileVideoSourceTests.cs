using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Clock;
using Tandem.Media.Tests.H264;
using Tandem.Media.Tests.Support;
using Tandem.Media.Video;

namespace Tandem.Media.Tests.Video;

public sealed class SmallH264Fixture : IDisposable
{
    private readonly TempDirectory _temp = new();

    public SmallH264Fixture()
    {
        Path = _temp.File("small.h264");
        Ffmpeg.Encode("-f", "lavfi", "-i", "testsrc2=size=320x240:rate=30", "-t", "1", "-c:v", "libx264", "-preset", "ultrafast",
            "-profile:v", "baseline", "-g", "10", "-f", "h264", Path);
        Units = AnnexBReaderFfmpegTests.ReadAll(File.OpenRead(Path)).GetAwaiter().GetResult();
    }

    public string Path { get; }

    public List<byte[]> Units { get; }

    public void Dispose() => _temp.Dispose();
}

public sealed class AnnexBFileVideoSourceTests(SmallH264Fixture file) : IClassFixture<SmallH264Fixture>
{
    private readonly string _path = file.Path;
    private readonly List<byte[]> _units = file.Units;

    [Fact]
    public async Task ReadFrameAsync_Unpaced_DeliversEveryUnitWithFrameTimes()
    {
        var clock = new MediaClock(new FakeTimeProvider());
        await using var source = new AnnexBFileVideoSource(_path, clock, frameRate: 30, paced: false);
        var frames = new List<(byte[] Bytes, TimeSpan Time, bool Key)>();

        while (await source.ReadFrameAsync() is { } frame)
        {
            using (frame)
            {
                frames.Add((frame.AccessUnit.Span.ToArray(), frame.CaptureTime.Elapsed, frame.IsKeyframe));
            }
        }

        Assert.Equal(30, frames.Count);
        Assert.Equal(_units, frames.Select(f => f.Bytes));
        Assert.InRange(frames[10].Time.Ticks, TimeSpan.FromSeconds(10 / 30.0).Ticks - 1, TimeSpan.FromSeconds(10 / 30.0).Ticks + 1);
        Assert.Equal([0, 10, 20], frames.Select((f, i) => (f, i)).Where(x => x.f.Key).Select(x => x.i));
        Assert.Null(await source.ReadFrameAsync());
    }

    [Fact]
    public async Task ReadFrameAsync_Paced_WaitsOneFrameInterval()
    {
        var time = new FakeTimeProvider();
        await using var source = new AnnexBFileVideoSource(_path, new MediaClock(time), frameRate: 25);

        using var first = await source.ReadFrameAsync();
        var second = source.ReadFrameAsync().AsTask();
        time.Advance(TimeSpan.FromMilliseconds(39));
        bool early = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        using var secondFrame = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.False(early);
        Assert.Equal(TimeSpan.FromMilliseconds(40), secondFrame!.CaptureTime.Elapsed);
        Assert.Equal(1, secondFrame.Index);
    }

    [Fact]
    public async Task ReadFrameAsync_Loop_WrapsToFirstUnit()
    {
        await using var source = new AnnexBFileVideoSource(_path, new MediaClock(new FakeTimeProvider()), 30, loop: true, paced: false);

        for (int i = 0; i < 30; i++)
        {
            (await source.ReadFrameAsync())!.Dispose();
        }

        using var wrapped = await source.ReadFrameAsync();

        Assert.Equal(_units[0], wrapped!.AccessUnit.Span.ToArray());
        Assert.Equal(30, wrapped.Index);
    }

    [Fact]
    public async Task RequestKeyframe_MidGop_SkipsToNextIdr()
    {
        await using var source = new AnnexBFileVideoSource(_path, new MediaClock(new FakeTimeProvider()), 30, paced: false);
        for (int i = 0; i < 3; i++)
        {
            (await source.ReadFrameAsync())!.Dispose();
        }

        source.RequestKeyframe();
        using var next = await source.ReadFrameAsync();
        using var after = await source.ReadFrameAsync();

        Assert.True(next!.IsKeyframe);
        Assert.Equal(_units[10], next.AccessUnit.Span.ToArray());
        Assert.Equal(_units[11], after!.AccessUnit.Span.ToArray());
        Assert.Equal(1, source.KeyframeRequests);
    }

    [Fact]
    public async Task RequestKeyframe_InLastGopWithLoop_WrapsToFirstIdr()
    {
        await using var source = new AnnexBFileVideoSource(_path, new MediaClock(new FakeTimeProvider()), 30, loop: true, paced: false);
        for (int i = 0; i < 25; i++)
        {
            (await source.ReadFrameAsync())!.Dispose();
        }

        source.RequestKeyframe();
        using var next = await source.ReadFrameAsync();

        Assert.Equal(_units[0], next!.AccessUnit.Span.ToArray());
    }
}
