using System.Diagnostics;
using System.Globalization;
using System.Text.RegularExpressions;

namespace Tandem.EndToEnd.Tests.Processes;

/// <summary>What ffmpeg/ffprobe (the independent oracle) say about recorded media, and the app's summary line.</summary>
internal static partial class MediaChecks
{
    /// <summary>ffprobe's count of decoded frames of an Annex-B file, and its error output.</summary>
    public static (int Frames, string Errors) DecodedFrames(string h264File)
    {
        var (code, stdout, stderr) = Run("ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", h264File);
        Assert.True(code == 0, $"ffprobe failed: {stderr}");
        return (int.Parse(stdout.Trim(), CultureInfo.InvariantCulture), stderr.Trim());
    }

    /// <summary>Duration and RMS level (of full scale 32767) of a 16-bit mono WAV file with a 44-byte header.</summary>
    public static (double Seconds, double Rms) Wav(string path, int sampleRate = 16_000)
    {
        var bytes = File.ReadAllBytes(path);
        Assert.True(bytes.Length >= 44, $"{path} is too short for a WAV file");
        var samples = new short[(bytes.Length - 44) / 2];
        Buffer.BlockCopy(bytes, 44, samples, 0, samples.Length * 2);
        var rms = samples.Length == 0 ? 0 : Math.Sqrt(samples.Average(s => (double)s * s));
        return ((double)samples.Length / sampleRate, rms);
    }

    /// <summary>Makes a looping test clip: libx264 constrained baseline, 25 fps, a keyframe a second.</summary>
    public static string MakeClip(string directory, int seconds = 2)
    {
        var path = Path.Combine(directory, "clip.h264");
        var (code, _, stderr) = Run("ffmpeg", "-v", "error", "-y", "-f", "lavfi", "-i", "testsrc=size=320x240:rate=25",
            "-t", seconds.ToString(CultureInfo.InvariantCulture), "-c:v", "libx264", "-profile:v", "baseline", "-pix_fmt", "yuv420p",
            "-g", "25", "-bf", "0", "-f", "h264", path);
        Assert.True(code == 0, $"ffmpeg failed: {stderr}");
        return path;
    }

    /// <summary>The numbers of the app's last line: <c>summary: frames F, keyframes K, audio S s, A/V offset ...</c>.</summary>
    public static (int Frames, int Keyframes, double AudioSeconds, int? AvOffsetMs) Summary(IReadOnlyList<string> lines)
    {
        var line = lines.LastOrDefault(l => l.StartsWith("summary: ", StringComparison.Ordinal))
            ?? throw new InvalidOperationException("no summary line:\n" + string.Join('\n', lines));
        var match = SummaryPattern().Match(line);
        Assert.True(match.Success, "unexpected summary: " + line);
        return (int.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture), int.Parse(match.Groups[2].Value, CultureInfo.InvariantCulture),
            double.Parse(match.Groups[3].Value, CultureInfo.InvariantCulture),
            match.Groups[4].Success ? int.Parse(match.Groups[4].Value, CultureInfo.InvariantCulture) : null);
    }

    /// <summary>The video frame rate of a status line (<c>status: STATE  video F fps ...</c>).</summary>
    public static double StatusFps(string line)
    {
        var match = FpsPattern().Match(line);
        return match.Success ? double.Parse(match.Groups[1].Value, CultureInfo.InvariantCulture) : -1;
    }

    private static (int Code, string Stdout, string Stderr) Run(string tool, params string[] arguments)
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

    [GeneratedRegex(@"^summary: frames (\d+), keyframes (\d+), audio ([\d.]+) s, A/V offset (?:([+-]?\d+) ms|not measured)")]
    private static partial Regex SummaryPattern();

    [GeneratedRegex(@"^status: \S+  video ([\d.]+) fps")]
    private static partial Regex FpsPattern();
}
