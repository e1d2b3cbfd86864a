using Tandem.Testing;

namespace Tandem.Media.Tests.Support;

/// <summary>ffprobe and ffmpeg as a test oracle, quiet and checked for success.</summary>
internal static class Ffmpeg
{
    public static string Probe(params string[] arguments)
    {
        var (code, stdout, stderr) = FfmpegTool.Run("ffprobe", ["-v", "error", .. arguments]);
        Assert.True(code == 0, stderr);
        return stdout.Trim();
    }

    public static void Encode(params string[] arguments)
    {
        var (code, _, stderr) = FfmpegTool.Run("ffmpeg", ["-hide_banner", "-loglevel", "error", "-y", .. arguments]);
        Assert.True(code == 0, stderr);
    }
}
