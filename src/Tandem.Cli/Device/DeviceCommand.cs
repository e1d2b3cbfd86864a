using Tandem.Cli.Options;
using Tandem.Cli.Sessions;
using Tandem.Client.Sessions;
using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.RawVideo;
using Tandem.Media.Video;
using Tandem.Media.X264;

namespace Tandem.Cli.Device;

/// <summary><c>tandem device</c>: the simulated glasses.</summary>
internal static class DeviceCommand
{
    /// <summary>Runs the device until stopped; returns the exit code.</summary>
    public static async Task<int> RunAsync(DeviceOptions options, TextWriter output, TextWriter errors)
    {
        if (MediaPriority.TryRaise() is { } why)
        {
            await output.WriteLineAsync("note: " + why).ConfigureAwait(false);
        }

        var clock = new MediaClock();
        IVideoSource? video = null;
        IAudioSource? audio = null;
        AudioOutput? play = null;
        try
        {
            video = options.Common.Video ? OpenVideo(options, clock) : null;
            audio = options.Common.Audio ? MediaInputs.OpenAudio(options.Audio, clock, 440, AudioChoices) : null;
            play = options.Play is { } spec ? AudioOutput.Open(spec) : null;
        }
        catch (MediaOptionException e)
        {
            await errors.WriteLineAsync("tandem: " + e.Message).ConfigureAwait(false);
            await DisposeAsync(video, audio, play).ConfigureAwait(false);
            return ExitCodes.Usage;
        }

        try
        {
            await using var session = new DeviceSession(SessionRunner.SessionOptionsFor(options.Common, output, errors), clock, video, audio, play?.Sink);
            await using var timeline = options.FrameTimeline ? new FrameTimelineLines(session, output) : null;
            await using var trace = options.MediaTrace ? new MediaTraceLines(session, output, TimeProvider.System) : null;
            var runner = new SessionRunner(session, options.Common, () => Sample(session), output, errors);
            try
            {
                return await runner.RunAsync().ConfigureAwait(false);
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
        new(session.VideoSent.Frames, session.VideoSent.Bytes, session.AudioSent.Bytes, session.AudioReceived.Bytes, session.AudioSent.Stale);

    /// <summary>What <c>--audio</c> of the device accepts.</summary>
    private const string AudioChoices = "tone, silence, alsa:DEVICE or a 16 kHz mono 16-bit WAV file";

    /// <summary>What <c>--video</c> accepts.</summary>
    private const string VideoChoices = "give testsrc, v4l2:/dev/videoN, an H.264 Annex-B file, or - for stdin";

    /// <summary>How <c>--video</c> names a V4L2 camera: <c>v4l2:/dev/video0</c>.</summary>
    private const string CameraPrefix = "v4l2:";

    private static IVideoSource OpenVideo(DeviceOptions options, MediaClock clock)
    {
        var spec = options.Video;
        switch (spec)
        {
            case "testsrc":
                return MediaOptionException.Wrap("--video", spec, X264Remedy + ", or give an H.264 Annex-B file",
                    () => new X264VideoSource(new TestPatternVideoSource(options.Width, options.Height, options.FrameRate, clock), EncoderOptions(options)));
            case var camera when camera.StartsWith(CameraPrefix, StringComparison.Ordinal):
                var device = camera[CameraPrefix.Length..];
                return File.Exists(device)
                    ? MediaOptionException.Wrap("--video", spec, "install ffmpeg (it reads the camera) and " + X264Remedy, () => OpenCamera(options, device, clock))
                    : throw new MediaOptionException($"--video {spec}: no such camera device: list them with 'ls /dev/video*' (e.g. {CameraPrefix}/dev/video0)");
            case "-":
                return new AnnexBFileVideoSource(Console.OpenStandardInput, clock, options.FrameRate);
            default:
                if (!File.Exists(spec))
                {
                    throw new MediaOptionException($"--video {spec}: {(Directory.Exists(spec) ? "that is a folder" : "no such file")}: {VideoChoices}");
                }

                if (!MediaOptionException.Wrap("--video", spec, VideoChoices, () => StartsWithStartCode(spec)))
                {
                    throw new MediaOptionException($"--video {spec}: not an H.264 Annex-B file (it does not begin with a start code): " +
                        "make one with: ffmpeg -i IN -c:v libx264 -profile:v baseline -bsf:v h264_mp4toannexb -f h264 OUT.h264");
                }

                return new AnnexBFileVideoSource(spec, clock, options.FrameRate, loop: true);
        }
    }

    /// <summary>ITU-T H.264 Annex B.2: a byte stream begins with (zero bytes and) a 00 00 01 start code.</summary>
    private static bool StartsWithStartCode(string path)
    {
        Span<byte> head = stackalloc byte[4];
        using var file = File.OpenRead(path);
        var read = file.ReadAtLeast(head, head.Length, throwOnEndOfStream: false);
        return (read >= 3 && head[0] == 0 && head[1] == 0 && head[2] == 1)
            || (read >= 4 && head[0] == 0 && head[1] == 0 && head[2] == 0 && head[3] == 1);
    }

    /// <summary>What fixes a missing in-process encoder.</summary>
    private const string X264Remedy = "install libx264 (Debian: apt-get install libx264-164)";

    /// <summary>A V4L2 camera read raw through ffmpeg and encoded in this process.</summary>
    private static X264VideoSource OpenCamera(DeviceOptions options, string device, MediaClock clock)
    {
        var camera = new FfmpegRawVideoSource(new FfmpegRawVideoSourceOptions
        {
            V4l2Device = device,
            Width = options.Width,
            Height = options.Height,
            FrameRate = (int)Math.Round(options.FrameRate),
        }, clock);
        try
        {
            return new X264VideoSource(camera, EncoderOptions(options));
        }
        catch
        {
            camera.DisposeAsync().AsTask().GetAwaiter().GetResult();
            throw;
        }
    }

    /// <summary>
    /// The in-process encoder's settings: the glasses' hardware encoder as WebRTC drives it — an IDR first,
    /// then only on request (each new connection's keying, PLI/FIR), never periodically: a periodic IDR is
    /// a burst of several frames' bytes every few seconds that the pacer spreads out and the receiver's
    /// jitter buffer then has to cover.
    /// </summary>
    private static X264EncoderOptions EncoderOptions(DeviceOptions options) => new()
    {
        Bitrate = options.BitrateKbps * 1000,
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
