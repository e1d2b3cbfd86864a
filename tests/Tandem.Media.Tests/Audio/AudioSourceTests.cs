using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Audio;

public class AudioSourceTests
{
    [Fact]
    public async Task ToneSource_Paced_WaitsForEachFrameOnTheClock()
    {
        var time = new FakeTimeProvider();
        var clock = new MediaClock(time);
        await using var source = new ToneAudioSource(clock, new ToneGenerator(16_000, 440));
        var frame = new short[320];

        var first = await source.ReadFrameAsync(frame);
        var second = source.ReadFrameAsync(frame).AsTask();
        time.Advance(TimeSpan.FromMilliseconds(19));
        bool earlyDone = second.IsCompleted;
        time.Advance(TimeSpan.FromMilliseconds(1));
        var secondInstant = await second.WaitAsync(TimeSpan.FromSeconds(10));

        Assert.Equal(MediaInstant.Zero, first);
        Assert.False(earlyDone);
        Assert.Equal(TimeSpan.FromMilliseconds(20), secondInstant!.Value.Elapsed);
        Assert.True(Signals.Rms(frame) > 5000);
    }

    [Fact]
    public async Task ToneSource_Duration_EndsAfterThatManyFrames()
    {
        var clock = new MediaClock(new FakeTimeProvider());
        await using var source = new ToneAudioSource(clock, new ToneGenerator(16_000, 440), paced: false, duration: TimeSpan.FromMilliseconds(100));
        var frame = new short[320];
        var instants = new List<TimeSpan>();

        while (await source.ReadFrameAsync(frame) is { } instant)
        {
            instants.Add(instant.Elapsed);
        }

        Assert.Equal(Enumerable.Range(0, 5).Select(i => TimeSpan.FromMilliseconds(20 * i)), instants);
    }

    [Fact]
    public async Task WavFileSource_ShortLastFrame_IsPaddedThenEnds()
    {
        var wav = MakeWav(Enumerable.Range(1, 500).Select(i => (short)i).ToArray());
        await using var source = new WavFileAudioSource(new MemoryStream(wav), new MediaClock(new FakeTimeProvider()), paced: false);
        var frame = new short[320];

        Assert.NotNull(await source.ReadFrameAsync(frame));
        Assert.Equal(1, frame[0]);
        Assert.NotNull(await source.ReadFrameAsync(frame));
        Assert.Equal(321, frame[0]);
        Assert.Equal(500, frame[179]);
        Assert.Equal(0, frame[180]);
        Assert.Null(await source.ReadFrameAsync(frame));
    }

    [Fact]
    public async Task WavFileSource_Loop_WrapsToStart()
    {
        var wav = MakeWav(Enumerable.Range(1, 480).Select(i => (short)i).ToArray());
        await using var source = new WavFileAudioSource(new MemoryStream(wav), new MediaClock(new FakeTimeProvider()), paced: false, loop: true);
        var frame = new short[320];

        for (int i = 0; i < 10; i++)
        {
            Assert.NotNull(await source.ReadFrameAsync(frame));
        }

        // 3200 samples read from a 480-sample loop: frame 9 starts at sample 2880 = 6 × 480.
        Assert.Equal(1, frame[0]);
        Assert.Equal(new AudioFormat(16_000, 1, TimeSpan.FromMilliseconds(20)), source.Format);
    }

    [Fact]
    public async Task WavFileSink_ToneFrames_FileHoldsThem()
    {
        using var temp = new TempDirectory();
        string path = temp.File("sink.wav");
        var clock = new MediaClock(new FakeTimeProvider());
        var frame = new short[320];
        await using (var tone = new ToneAudioSource(clock, new ToneGenerator(16_000, 440), paced: false, duration: TimeSpan.FromSeconds(1)))
        await using (var sink = new WavFileAudioSink(path, AudioFormat.Voice16k))
        {
            while (await tone.ReadFrameAsync(frame) is { } instant)
            {
                await sink.WriteFrameAsync(frame, instant);
            }

            Assert.Equal(16_000, sink.SamplesWritten);
        }

        using var reader = new WavReader(File.OpenRead(path));
        var all = new short[20_000];
        Assert.Equal(16_000, reader.Read(all));
        Assert.True(Signals.PowerAt(all.AsSpan(0, 16_000), 16_000, 440) > 100 * Signals.PowerAt(all.AsSpan(0, 16_000), 16_000, 880));
    }

    private static byte[] MakeWav(short[] samples)
    {
        using var stream = new MemoryStream();
        using (var writer = new WavWriter(stream, 16_000, 1, leaveOpen: true))
        {
            writer.Write(samples);
        }

        return stream.ToArray();
    }
}
