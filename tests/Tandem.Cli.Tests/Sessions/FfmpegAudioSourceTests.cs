using Tandem.Cli.Sessions;
using Tandem.Media.Clock;

namespace Tandem.Cli.Tests.Sessions;

public class FfmpegAudioSourceTests
{
    [Fact]
    public async Task ReadFrameAsync_SineThroughFfmpeg_TwentyMillisecondFramesOfSignal()
    {
        var clock = new MediaClock();
        await using var source = new FfmpegAudioSource(["-f", "lavfi", "-i", "sine=frequency=440:sample_rate=48000:duration=1"], clock);
        var frame = new short[source.Format.FrameLength];
        var frames = 0;
        double energy = 0;

        while (await source.ReadFrameAsync(frame) is not null)
        {
            frames++;
            energy += frame.Sum(s => (double)s * s);
        }

        Assert.Equal(320, source.Format.FrameLength);
        Assert.InRange(frames, 49, 50);
        Assert.True(Math.Sqrt(energy / (frames * 320.0)) > 1000, "the sine should be well above silence");
    }

    [Fact]
    public async Task AudioOutput_File_WavStreamWritten()
    {
        var path = Path.Combine(Path.GetTempPath(), $"tandem-out-{Guid.NewGuid():N}.wav");
        try
        {
            var output = AudioOutput.Open(path);
            await output.Sink.WriteFrameAsync(new short[320], Tandem.Media.Clock.MediaInstant.Zero);

            await output.DisposeAsync();

            var bytes = await File.ReadAllBytesAsync(path);
            Assert.Equal(44 + 640, bytes.Length);
            Assert.Equal(640, BitConverter.ToInt32(bytes, 40));
        }
        finally
        {
            File.Delete(path);
        }
    }
}
