extern alias TandemMedia;

using TandemMedia::Tandem.Media.Audio;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>The device's microphone: 16 kHz mono PCM, asked for in 20 ms pieces by sample position.</summary>
public interface ITestAudio
{
    /// <summary>Fills <paramref name="pcm"/> with the samples from <paramref name="firstSample"/> on.</summary>
    void Fill(long firstSample, Span<short> pcm);
}

/// <summary>A continuous tone (a microphone that always hears something).</summary>
public sealed class ToneAudio(int sampleRate, double frequency = 440, double amplitude = 0.3) : ITestAudio
{
    private readonly ToneGenerator _tone = new(sampleRate, frequency, amplitude);

    public void Fill(long firstSample, Span<short> pcm) => _tone.Fill(pcm);
}

/// <summary>
/// Silence but for a 1 kHz beep of <see cref="BeepLength"/> starting exactly at each lip-sync flash
/// (<see cref="MediaClips.FlashFrames"/>), counted from the clip's first frame.
/// </summary>
public sealed class LipSyncAudio(int sampleRate) : ITestAudio
{
    public static readonly TimeSpan BeepLength = TimeSpan.FromMilliseconds(100);
    private const double Amplitude = 0.5;

    /// <summary>The first sample of each beep.</summary>
    public IReadOnlyList<long> BeepStarts { get; } =
        [.. MediaClips.FlashFrames.Select(f => MediaClips.FrameTime(f).Ticks * sampleRate / TimeSpan.TicksPerSecond)];

    public void Fill(long firstSample, Span<short> pcm)
    {
        var length = BeepLength.Ticks * sampleRate / TimeSpan.TicksPerSecond;
        for (var i = 0; i < pcm.Length; i++)
        {
            var n = firstSample + i;
            var start = BeepStarts.LastOrDefault(s => s <= n, -1);
            pcm[i] = start >= 0 && n - start < length
                ? (short)(Amplitude * short.MaxValue * Math.Sin(2 * Math.PI * 1000 * (n - start) / sampleRate))
                : (short)0;
        }
    }
}
