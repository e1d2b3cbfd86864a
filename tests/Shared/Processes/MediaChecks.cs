using System.Globalization;
using System.Text.RegularExpressions;
using Tandem.Testing;

namespace Tandem.Testing.Processes;

/// <summary>Recorded WAV levels, the test clip the device sends, and the app's summary and status lines.</summary>
internal static partial class MediaChecks
{
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
        FfmpegTool.MakeBaselineClip(path, seconds);
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

    [GeneratedRegex(@"^summary: frames (\d+), keyframes (\d+), audio ([\d.]+) s, A/V offset (?:([+-]?\d+) ms|not measured)")]
    private static partial Regex SummaryPattern();

    [GeneratedRegex(@"^status: \S+  video ([\d.]+) fps")]
    private static partial Regex FpsPattern();
}
