using System.ComponentModel;
using Tandem.Cli.Options;
using Tandem.Cli.Sessions;
using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Cli.Device;

/// <summary><c>tandem device</c>: the simulated glasses.</summary>
internal static class DeviceCommand
{
    /// <summary>Runs the device until stopped; returns the exit code.</summary>
    public static async Task<int> RunAsync(DeviceOptions options, TextWriter output, TextWriter errors)
    {
        var clock = new MediaClock();
        IVideoSource? video = null;
        IAudioSource? audio = null;
        AudioOutput? play = null;
        try
        {
            video = options.Common.Video ? OpenVideo(options, clock) : null;
            audio = options.Common.Audio ? MediaInputs.OpenAudio(options.Audio, clock, 440) : null;
            play = options.Play is { } spec ? AudioOutput.Open(spec) : null;
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException or InvalidDataException or Win32Exception or ArgumentException)
        {
            await errors.WriteLineAsync($"tandem: cannot open the media source or player: {e.Message}").ConfigureAwait(false);
            await DisposeAsync(video, audio, play).ConfigureAwait(false);
            return ExitCodes.Failed;
        }

        try
        {
            await using var session = new DeviceSession(SessionRunner.SessionOptionsFor(options.Common), clock, video, audio, play?.Stream);
            var runner = new SessionRunner(session, options.Common, () => Sample(session), output, errors);
            try
            {
                return await runner.RunAsync().ConfigureAwait(false);
            }
            catch (OperationCanceledException) when (session.VideoProfileLevelId is null && video is not null)
            {
                await errors.WriteLineAsync("tandem: the video source delivered no frame within 10 s").ConfigureAwait(false);
                return ExitCodes.Failed;
            }
            catch (Exception e) when (e is InvalidOperationException or IOException or InvalidDataException)
            {
                await errors.WriteLineAsync("tandem: the video source failed: " + e.Message).ConfigureAwait(false);
                return ExitCodes.Failed;
            }
        }
        finally
        {
            await DisposeAsync(video, audio, play).ConfigureAwait(false);
        }
    }

    private static StatusSample Sample(DeviceSession session) =>
        new(session.VideoSent.Frames, session.VideoSent.Bytes, session.AudioSent.Bytes, session.AudioReceived.Bytes);

    /// <summary>How <c>--video</c> names a V4L2 camera: <c>v4l2:/dev/video0</c>.</summary>
    private const string CameraPrefix = "v4l2:";

    private static IVideoSource OpenVideo(DeviceOptions options, MediaClock clock) => options.Video switch
    {
        "testsrc" => new FfmpegVideoSource(FfmpegOptions(options, camera: null), clock),
        var spec when spec.StartsWith(CameraPrefix, StringComparison.Ordinal) => OpenCamera(spec[CameraPrefix.Length..], options, clock),
        "-" => new AnnexBFileVideoSource(Console.OpenStandardInput, clock, options.FrameRate),
        var path when File.Exists(path) => new AnnexBFileVideoSource(path, clock, options.FrameRate, loop: true),
        var path => throw new FileNotFoundException($"no such video file '{path}' (use testsrc, v4l2:/dev/videoN, a .h264 Annex-B file, or - for stdin)"),
    };

    /// <summary>A V4L2 camera (the real glasses' capture device), encoded to H.264 by an ffmpeg child process.</summary>
    private static FfmpegVideoSource OpenCamera(string device, DeviceOptions options, MediaClock clock) => File.Exists(device)
        ? new FfmpegVideoSource(FfmpegOptions(options, device), clock)
        : throw new FileNotFoundException($"no such camera device '{device}' (e.g. {CameraPrefix}/dev/video0; list them with 'ls /dev/video*')");

    /// <summary>The ffmpeg encoder settings of the test pattern (<paramref name="camera"/> null) or of a V4L2 camera: a keyframe every 2 s.</summary>
    private static FfmpegVideoSourceOptions FfmpegOptions(DeviceOptions options, string? camera) => new()
    {
        V4l2Device = camera,
        Width = options.Width,
        Height = options.Height,
        FrameRate = (int)Math.Round(options.FrameRate),
        BitrateKbps = options.BitrateKbps,
        KeyframeInterval = (int)Math.Round(options.FrameRate * 2),
    };

    private static async ValueTask DisposeAsync(IVideoSource? video, IAudioSource? audio, AudioOutput? play)
    {
        if (play is not null)
        {
            await play.DisposeAsync().ConfigureAwait(false);
        }

        if (video is not null)
        {
            await video.DisposeAsync().ConfigureAwait(false);
        }

        if (audio is not null)
        {
            await audio.DisposeAsync().ConfigureAwait(false);
        }
    }
}
