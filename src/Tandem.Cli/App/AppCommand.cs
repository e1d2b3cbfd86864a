using System.Globalization;
using Tandem.Cli.Options;
using Tandem.Cli.Sessions;
using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Cli.App;

/// <summary><c>tandem app</c>: a headless phone app that records what the glasses send.</summary>
internal static class AppCommand
{
    /// <summary>Runs the app; prints the summary at the end; returns the exit code.</summary>
    public static async Task<int> RunAsync(AppOptions options, TextWriter output, TextWriter errors)
    {
        var clock = new MediaClock();
        IAudioSource? audio = null;
        FileStream? video = null, wav = null;
        try
        {
            audio = options.Common.Audio ? MediaInputs.OpenAudio(options.Audio, clock, 660, "tone, silence or a 16 kHz mono 16-bit WAV file") : null;
            if (options.RecordDirectory is { } directory)
            {
                (video, wav) = MediaInputs.CreateRecordings(directory, options.Common.Video, options.Common.Audio);
            }
        }
        catch (MediaOptionException e)
        {
            await errors.WriteLineAsync("tandem: " + e.Message).ConfigureAwait(false);
            if (audio is not null)
            {
                await audio.DisposeAsync().ConfigureAwait(false);
            }

            return ExitCodes.Usage;
        }

        int code;
        // The recordings are sinks the session writes into; they are closed after it (the WAV header gets its sizes).
        var videoSink = video is null ? null : new AnnexBVideoSink(video);
        var wavSink = wav is null ? null : new WavFileAudioSink(wav, AudioFormat.Voice16k);
        var session = new AppSession(SessionRunner.SessionOptionsFor(options.Common, output, errors), clock, audio, videoSink, wavSink);
        try
        {
            var runner = new SessionRunner(session, options.Common, () => Sample(session), output, errors)
            {
                // --seconds is the length of the recording: it starts with the first video frame.
                MediaFlowing = () => session.VideoReceived.Frames > 0 || session.PeerConnection?.NegotiatedMedia.ReceivesVideo == false,
                MediaFlowingLine = options.Common.Video ? "video: first frame" : null,
            };
            code = await runner.RunAsync().ConfigureAwait(false);
        }
        finally
        {
            await session.DisposeAsync().ConfigureAwait(false);
            if (videoSink is not null)
            {
                await videoSink.DisposeAsync().ConfigureAwait(false);
            }

            if (wavSink is not null)
            {
                await wavSink.DisposeAsync().ConfigureAwait(false);
            }

            if (audio is not null)
            {
                await audio.DisposeAsync().ConfigureAwait(false);
            }
        }

        if (code != ExitCodes.ServerUnreachable)
        {
            await output.WriteLineAsync(Summary(session, options)).ConfigureAwait(false);
        }

        return code;
    }

    /// <summary>The last line: <c>summary: frames F, keyframes K, audio S s, A/V offset O ms</c> (+ where it was recorded).</summary>
    internal static string Summary(AppSession session, AppOptions options)
    {
        var offset = session.AvOffset is { } o
            ? string.Create(CultureInfo.InvariantCulture, $"{o.TotalMilliseconds:+0;-0;0} ms (video later than audio when positive)")
            : "not measured";
        var where = options.RecordDirectory is { } d ? $", recorded in {d}" : "";
        return string.Create(CultureInfo.InvariantCulture,
            $"summary: frames {session.VideoReceived.Frames}, keyframes {session.VideoReceived.Keyframes}, audio {session.AudioDuration.TotalSeconds:0.00} s, A/V offset {offset}{where}");
    }

    private static StatusSample Sample(AppSession session) =>
        new(session.VideoReceived.Frames, session.VideoReceived.Bytes, session.AudioSent.Bytes, session.AudioReceived.Bytes, session.AudioSent.Stale);
}
