using Tandem.Media.Audio;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.Audio;

public class ToneAndLevelTests
{
    [Fact]
    public void Fill_Tone_HasRequestedFrequencyAndAmplitude()
    {
        var generator = new ToneGenerator(16_000, 700, amplitude: 0.5);
        var pcm = new short[16_000];

        generator.Fill(pcm);

        Assert.True(Signals.PowerAt(pcm, 16_000, 700) > 1000 * Signals.PowerAt(pcm, 16_000, 1400));
        Assert.InRange(Pcm16.Peak(pcm), 16_000, 16_384);
        Assert.InRange(Pcm16.Rms(pcm), 11_500, 11_700);
    }

    [Fact]
    public void Fill_InPieces_MatchesOneFill()
    {
        var whole = new short[960];
        var pieces = new short[960];
        new ToneGenerator(16_000, 440).Fill(whole);
        var generator = new ToneGenerator(16_000, 440);

        generator.Fill(pieces.AsSpan(0, 320));
        generator.Fill(pieces.AsSpan(320));

        Assert.Equal(whole, pieces);
    }

    [Fact]
    public void Fill_Beep_AlternatesToneAndSilence()
    {
        var generator = new ToneGenerator(16_000, 1000, 0.5, TimeSpan.FromMilliseconds(100), TimeSpan.FromMilliseconds(100));
        var pcm = new short[16_000 * 4 / 10];

        generator.Fill(pcm);

        Assert.True(Pcm16.Rms(pcm.AsSpan(0, 1600)) > 10_000);
        Assert.Equal(0, Pcm16.Peak(pcm.AsSpan(1600, 1600)));
        Assert.True(Pcm16.Rms(pcm.AsSpan(3200, 1600)) > 10_000);
    }

    [Fact]
    public void Fill_Stereo_DuplicatesEachSample()
    {
        var stereo = new short[640];

        new ToneGenerator(16_000, 440).Fill(stereo, channels: 2);

        for (int i = 0; i < stereo.Length; i += 2)
        {
            Assert.Equal(stereo[i], stereo[i + 1]);
        }
    }

    [Fact]
    public void Levels_FullScaleSquareAndSilence_MatchDefinitions()
    {
        short[] square = [32767, -32767, 32767, -32767];
        var silence = new short[320];

        Assert.Equal(32767, Pcm16.Rms(square), 3);
        Assert.InRange(Pcm16.LevelDbfs(square), -0.01, 0);
        Assert.Equal(0, Pcm16.AudioLevel(square));
        Assert.Equal(double.NegativeInfinity, Pcm16.LevelDbfs(silence));
        Assert.Equal(127, Pcm16.AudioLevel(silence));
        Assert.True(Pcm16.IsSilent(silence));
        Assert.False(Pcm16.IsSilent(square));
    }

    [Fact]
    public void AudioFormat_Voice16k_Is320SampleFrames()
    {
        var format = AudioFormat.Voice16k;

        Assert.Equal(320, format.SamplesPerFrame);
        Assert.Equal(320, format.FrameLength);
        Assert.Equal(TimeSpan.FromMilliseconds(20), format.DurationOf(320));
    }
}
