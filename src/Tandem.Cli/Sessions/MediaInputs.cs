using Tandem.Media.Audio;
using Tandem.Media.Clock;

namespace Tandem.Cli.Sessions;

/// <summary>
/// Opens what the media options name — <c>--audio</c>, <c>--record</c> — and turns every way they can
/// be wrong into a <see cref="MediaOptionException"/> that says what to do.
/// </summary>
internal static class MediaInputs
{
    private const string ConvertWav = "convert it with: ffmpeg -i IN -ac 1 -ar 16000 -c:a pcm_s16le OUT.wav";

    /// <summary>
    /// Opens <c>tone</c> (<paramref name="toneHz"/>), <c>silence</c>, <c>alsa:DEVICE</c> (a microphone through
    /// ffmpeg, when <paramref name="choices"/> offers it), or a 16 kHz mono 16-bit WAV file (looped).
    /// </summary>
    /// <param name="spec">The value of <c>--audio</c>.</param>
    /// <param name="clock">The capture clock.</param>
    /// <param name="toneHz">The tone's frequency.</param>
    /// <param name="choices">What <c>--audio</c> accepts, for the messages (e.g. "tone, silence or a 16 kHz mono WAV file").</param>
    /// <exception cref="MediaOptionException">The file or device cannot be used.</exception>
    public static IAudioSource OpenAudio(string spec, MediaClock clock, double toneHz, string choices)
    {
        switch (spec)
        {
            case "tone":
                return new ToneAudioSource(clock, new ToneGenerator(16_000, toneHz, amplitude: 0.3));
            case "silence":
                return new ToneAudioSource(clock, new ToneGenerator(16_000, toneHz, amplitude: 0));
            case var alsa when alsa.StartsWith("alsa:", StringComparison.Ordinal) && choices.Contains("alsa:", StringComparison.Ordinal):
                return MediaOptionException.Wrap("--audio", spec, "install ffmpeg (it captures the microphone), or use --audio tone",
                    () => new FfmpegAudioSource(FfmpegAudioSource.Alsa(alsa["alsa:".Length..]), clock));
            default:
                if (!File.Exists(spec))
                {
                    throw new MediaOptionException($"--audio {spec}: {(Directory.Exists(spec) ? "that is a folder" : "no such file")}: give {choices}");
                }

                var source = MediaOptionException.Wrap("--audio", spec, $"give a 16 kHz mono 16-bit WAV file ({ConvertWav})",
                    () => new WavFileAudioSource(spec, clock, paced: true, loop: true));
                if (source.Format.SampleRate != 16_000 || source.Format.Channels != 1)
                {
                    source.DisposeAsync().AsTask().GetAwaiter().GetResult();
                    throw new MediaOptionException(
                        $"--audio {spec}: the audio is {source.Format.SampleRate} Hz, {source.Format.Channels} channel(s) and must be 16 kHz mono: {ConvertWav}");
                }

                return source;
        }
    }

    /// <summary>
    /// Creates <paramref name="directory"/> (<c>--record</c>) and the recordings in it: <c>video.h264</c>
    /// and <c>audio.wav</c>, each only when asked for.
    /// </summary>
    /// <exception cref="MediaOptionException">The directory or a file in it cannot be written.</exception>
    public static (FileStream? Video, FileStream? Audio) CreateRecordings(string directory, bool video, bool audio)
    {
        const string Remedy = "give a folder you can write to (it is created when missing), e.g. --record out";
        if (File.Exists(directory))
        {
            throw new MediaOptionException($"--record {directory}: that is a file, not a folder: {Remedy}");
        }

        try
        {
            Directory.CreateDirectory(directory);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            var why = e is UnauthorizedAccessException ? "permission denied" : "cannot create that folder";
            throw new MediaOptionException($"--record {directory}: {why}: {Remedy}", e);
        }

        var videoFile = video ? MediaOptionException.CreateFile("--record", directory, Path.Combine(directory, "video.h264"), Remedy) : null;
        try
        {
            return (videoFile, audio ? MediaOptionException.CreateFile("--record", directory, Path.Combine(directory, "audio.wav"), Remedy) : null);
        }
        catch
        {
            videoFile?.Dispose();
            throw;
        }
    }
}
