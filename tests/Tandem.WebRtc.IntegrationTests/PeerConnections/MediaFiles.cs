using System.Diagnostics;
using System.Globalization;
using Tandem.Media.H264;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Test media made and checked with ffmpeg/ffprobe (the oracle of what the media path carried).</summary>
internal static class MediaFiles
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool) { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} did not finish");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    /// <summary>
    /// A libx264 constrained-baseline Annex-B stream (no B-frames, a keyframe every second) of
    /// <paramref name="seconds"/> at 25 fps, read into access units.
    /// </summary>
    public static async Task<List<byte[]>> MakeH264AccessUnitsAsync(string directory, double seconds, int width = 320, int height = 240)
    {
        var path = Path.Combine(directory, "sent.h264");
        var (code, _, stderr) = Run(
            "ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", $"testsrc=size={width}x{height}:rate=25",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
            "-g", "25", "-bf", "0", "-f", "h264", path);
        Assert.True(code == 0, stderr);
        var units = new List<byte[]>();
        using var reader = new AnnexBReader(File.OpenRead(path));
        while (await reader.ReadAsync() is { } unit)
        {
            using (unit)
            {
                units.Add(unit.Span.ToArray());
            }
        }

        return units;
    }

    /// <summary>Decodes every frame of an Annex-B file; returns ffprobe's frame count and its error output.</summary>
    public static (int Frames, string Errors) CountDecodedFrames(string h264File)
    {
        var (code, stdout, stderr) = Run(
            "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", h264File);
        Assert.True(code == 0, stderr);
        return (int.Parse(stdout.Trim(), CultureInfo.InvariantCulture), stderr.Trim());
    }

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tandem-pc-media-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
