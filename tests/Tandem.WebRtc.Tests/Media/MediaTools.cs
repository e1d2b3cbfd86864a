using System.Diagnostics;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>ffmpeg and ffprobe as the test oracle of what the media path carries.</summary>
internal static class MediaTools
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
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

    /// <summary>Decodes every frame of an Annex-B file; returns ffprobe's frame count and its error output.</summary>
    public static (int Frames, string Errors) CountDecodedFrames(string h264File)
    {
        var (code, stdout, stderr) = Run(
            "ffprobe", "-v", "error", "-count_frames", "-select_streams", "v:0",
            "-show_entries", "stream=nb_read_frames", "-of", "csv=p=0", h264File);
        Assert.True(code == 0, stderr);
        return (int.Parse(stdout.Trim(), System.Globalization.CultureInfo.InvariantCulture), stderr.Trim());
    }
}
