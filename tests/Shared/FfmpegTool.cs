using System.Diagnostics;
using System.Globalization;

namespace Tandem.Testing;

/// <summary>
/// ffmpeg and ffprobe, the independent oracle of what the media path carries: run a tool, make an
/// H.264 test clip, count the frames a file really decodes to. Linked into each test project that needs it.
/// </summary>
internal static class FfmpegTool
{
    /// <summary>Runs <paramref name="tool"/> with <paramref name="arguments"/>; gives up (and kills it) after a minute.</summary>
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");

        // Both pipes are drained while the tool runs, so a full stderr pipe cannot stall it.
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// Writes <paramref name="seconds"/> of libx264 constrained-baseline Annex-B video (testsrc,
    /// 25 fps, no B-frames, a keyframe every second) to <paramref name="path"/>.
    /// </summary>
    public static void MakeBaselineClip(string path, double seconds, int width = 320, int height = 240)
    {
        var (code, _, stderr) = Run(
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=25",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
            "-g", "25", "-bf", "0", "-f", "h264", path);
        Assert.True(code == 0, $"ffmpeg failed: {stderr}");
    }

    /// <summary>Decodes every frame of an Annex-B file; returns ffprobe's frame count and its error output.</summary>
    public static (int Frames, string Errors) CountDecodedFrames(string h264File)
    {
        var (code, stdout, stderr) = Run(
            "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", h264File);
        Assert.True(code == 0, $"ffprobe failed: {stderr}");

        // An empty file has no stream to count: ffprobe says N/A.
        var frames = int.TryParse(stdout.Trim(), NumberStyles.None, CultureInfo.InvariantCulture, out var n) ? n : 0;
        return (frames, stderr.Trim());
    }
}
