using System.Diagnostics;
using System.Globalization;
using Tandem.Media.H264;

namespace Tandem.Media.Video;

public sealed partial class FfmpegVideoSource
{
    private const int StderrTail = 4096;

    /// <summary>The ffmpeg arguments for <paramref name="options"/>.</summary>
    public static IReadOnlyList<string> BuildArguments(FfmpegVideoSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var c = CultureInfo.InvariantCulture;
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        if (options.V4l2Device is { } device)
        {
            args.AddRange(["-f", "v4l2", "-framerate", options.FrameRate.ToString(c), "-video_size", $"{options.Width}x{options.Height}", "-i", device]);
        }
        else
        {
            if (options.Realtime)
            {
                args.Add("-re");
            }

            args.AddRange(["-f", "lavfi", "-i", string.Create(c, $"testsrc2=size={options.Width}x{options.Height}:rate={options.FrameRate}")]);
        }

        if (options.Duration is { } duration)
        {
            args.AddRange(["-t", duration.TotalSeconds.ToString("0.###", c)]);
        }

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
        var info = new ProcessStartInfo(_options.FfmpegPath)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = false,
            UseShellExecute = false,
        };
        foreach (string argument in BuildArguments(_options))
        {
            info.ArgumentList.Add(argument);
        }

        var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start.");
        _process = process;
        _stderr = DrainStderrAsync(process.StandardError);
        _reader = new AnnexBReader(process.StandardOutput.BaseStream);
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
            try
            {
                process.Kill(entireProcessTree: true);
            }
            catch (InvalidOperationException)
            {
                // The process had already exited: nothing to stop.
            }

            await process.WaitForExitAsync().ConfigureAwait(false);
        }
        finally
        {
            _reader?.Dispose();
            process.Dispose();
        }
    }

    // A stream that ends because ffmpeg failed (bad device, bad option) is an error, not a normal end.
    private async Task EnsureCleanExitAsync()
    {
        if (_process is not { } process)
        {
            return;
        }

        await process.WaitForExitAsync().ConfigureAwait(false);
        if (process.ExitCode != 0)
        {
            string stderr = _stderr is null ? string.Empty : await _stderr.ConfigureAwait(false);
            throw new InvalidOperationException($"ffmpeg exited with code {process.ExitCode}: {stderr}");
        }
    }

    // stderr must be drained or ffmpeg blocks once the pipe buffer fills; only the tail is kept.
    private static async Task<string> DrainStderrAsync(StreamReader stderr)
    {
        var tail = new System.Text.StringBuilder();
        var buffer = new char[1024];
        int read;
        while ((read = await stderr.ReadAsync(buffer).ConfigureAwait(false)) > 0)
        {
            tail.Append(buffer, 0, read);
            if (tail.Length > StderrTail)
            {
                tail.Remove(0, tail.Length - StderrTail);
            }
        }

        return tail.ToString();
    }
}
