using Tandem.Media.Audio;
using Tandem.Media.Clock;

namespace Tandem.Cli.Sessions;

/// <summary>The audio inputs both commands offer: a tone, silence, or a WAV file.</summary>
internal static class MediaInputs
{
    /// <summary>
    /// Opens <c>tone</c> (<paramref name="toneHz"/>), <c>silence</c>, <c>alsa:DEVICE</c> (a microphone through
    /// ffmpeg), or a 16 kHz mono 16-bit WAV file (looped).
    /// </summary>
    /// <exception cref="InvalidDataException">The WAV file is not 16-bit PCM at 16 kHz mono.</exception>
    /// <exception cref="FileNotFoundException">No such file.</exception>
    public static IAudioSource OpenAudio(string spec, MediaClock clock, double toneHz)
    {
        switch (spec)
        {
            case "tone":
                return new ToneAudioSource(clock, new ToneGenerator(16_000, toneHz, amplitude: 0.3));
            case "silence":
                return new ToneAudioSource(clock, new ToneGenerator(16_000, toneHz, amplitude: 0));
            case var alsa when alsa.StartsWith("alsa:", StringComparison.Ordinal):
                return new FfmpegAudioSource(FfmpegAudioSource.Alsa(alsa["alsa:".Length..]), clock);
            default:
                if (!File.Exists(spec))
                {
                    throw new FileNotFoundException($"no such audio file '{spec}' (use tone, silence, alsa:DEVICE or a 16 kHz mono WAV file)");
                }

                var source = new WavFileAudioSource(spec, clock, paced: true, loop: true);
                if (source.Format.SampleRate != 16_000 || source.Format.Channels != 1)
                {
                    source.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    throw new InvalidDataException($"'{spec}' is {source.Format.SampleRate} Hz, {source.Format.Channels} channel(s): the audio must be 16 kHz mono");
                }

                return source;
        }
    }
}
