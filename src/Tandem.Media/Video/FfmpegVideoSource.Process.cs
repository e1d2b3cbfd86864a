using System.Globalization;
using Tandem.Media.H264;
using Tandem.Media.RawVideo;

namespace Tandem.Media.Video;

internal sealed partial class FfmpegVideoSource
{
    /// <summary>The ffmpeg arguments for <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> BuildArguments(FfmpegVideoSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var c = CultureInfo.InvariantCulture;
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        args.AddRange(FfmpegCaptureInput.Arguments(options.V4l2Device, options.Width, options.Height, options.FrameRate, options.Realtime, options.Duration));
        string bitrate = string.Create(c, $"{options.BitrateKbps}k");
        args.AddRange(
        [
            "-an", "-c:v", "libx264", "-preset", "ultrafast", "-tune", "zerolatency", "-profile:v", "baseline",
            "-pix_fmt", "yuv420p", "-g", options.KeyframeInterval.ToString(c), "-b:v", bitrate, "-maxrate", bitrate,
            "-bufsize", string.Create(c, $"{options.BitrateKbps / 2}k"),

            // Flush the pipe after every access unit; otherwise small P-frames wait in ffmpeg's 32 KB output buffer.
            "-flush_packets", "1", "-f", "h264", "pipe:1",
        ]);
        return args;
    }

    private void StartProcess()
    {
        var process = FfmpegProcess.Start(_options.FfmpegPath, BuildArguments(_options));
        _process = process;
        _reader = new AnnexBReader(process.Output);
        _lastStart = _clock.Now;
        ProcessStarts++;
    }

    private async Task StopProcessAsync()
    {
        var process = Interlocked.Exchange(ref _process, null);
        if (process is null)
        {
            return;
        }

        try
        {
            await process.DisposeAsync().ConfigureAwait(false);
        }
        finally
        {
            _reader?.Dispose();
        }
    }

    private Task EnsureCleanExitAsync() => _process?.EnsureCleanExitAsync() ?? Task.CompletedTask;
}
