using System.Diagnostics;

namespace Tandem.Media.Tests.Support;

/// <summary>Runs ffmpeg/ffprobe as a test oracle.</summary>
internal static class Ffmpeg
{
    public static (int ExitCode, string Stdout, string Stderr) Run(string tool, params string[] arguments)
    {
        var info = new ProcessStartInfo(tool)
        {
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            UseShellExecute = false,
        };
        foreach (string argument in arguments)
        {
            info.ArgumentList.Add(argument);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException($"{tool} did not start");
        var stdout = process.StandardOutput.ReadToEndAsync();
        var stderr = process.StandardError.ReadToEndAsync();
        if (!process.WaitForExit(TimeSpan.FromSeconds(60)))
        {
            process.Kill(entireProcessTree: true);
            throw new TimeoutException($"{tool} {string.Join(' ', arguments)} did not finish");
        }

        return (process.ExitCode, stdout.GetAwaiter().GetResult(), stderr.GetAwaiter().GetResult());
    }

    public static string Probe(params string[] arguments)
    {
        var (code, stdout, stderr) = Run("ffprobe", ["-v", "error", .. arguments]);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    public static void Encode(params string[] arguments)
    {
        var (code, _, stderr) = Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(code == 0, stderr);
    }
}
