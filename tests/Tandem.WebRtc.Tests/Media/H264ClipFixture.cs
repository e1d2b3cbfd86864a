extern alias TandemMedia;

using TandemMedia::Tandem.Media.H264;
using Tandem.Testing;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>Two seconds of real x264 baseline output made once per test class, split into access units.</summary>
public sealed class H264ClipFixture : IDisposable
{
    public H264ClipFixture()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tandem-media-");
        var file = Path.Combine(Directory.FullName, "out.h264");
        var (code, _, stderr) = FfmpegTool.Run(
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", "testsrc2=size=640x360:rate=30", "-t", "2",
            "-c:v", "libx264", "-profile:v", "baseline", "-tune", "zerolatency", "-g", "30",
            "-bsf:v", "h264_mp4toannexb", "-f", "h264", file);
        Assert.True(code == 0, stderr);

        using var reader = new AnnexBReader(File.OpenRead(file));
        var units = new List<byte[]>();
        while (reader.ReadAsync().AsTask().GetAwaiter().GetResult() is { } unit)
        {
            using (unit)
            {
                units.Add(unit.Span.ToArray());
            }
        }

        AccessUnits = units;
    }

    public DirectoryInfo Directory { get; }

    public IReadOnlyList<byte[]> AccessUnits { get; }

    public void Dispose() => Directory.Delete(recursive: true);
}
