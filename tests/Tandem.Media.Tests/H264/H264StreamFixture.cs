using System.Globalization;
using Tandem.Media.Tests.Support;

namespace Tandem.Media.Tests.H264;

/// <summary>Real x264 output produced by ffmpeg once per test class, with ffprobe's view of each stream.</summary>
public sealed class H264StreamFixture : IDisposable
{
    private readonly TempDirectory _directory = new();

    public H264StreamFixture()
    {
        Baseline = Make("baseline.h264", "testsrc2=size=1280x720:rate=30", "2", ["-profile:v", "baseline", "-tune", "zerolatency"]);
        BaselineAud = Make("aud.h264", "testsrc2=size=1280x720:rate=30", "1", ["-profile:v", "baseline", "-tune", "zerolatency", "-x264-params", "aud=1"]);
        High = Make("high.h264", "testsrc2=size=640x360:rate=25", "2", ["-profile:v", "high", "-g", "20"]);
        Interlaced = Make("interlaced.h264", "testsrc2=size=640x360:rate=25", "1", ["-profile:v", "high", "-x264-params", "interlaced=1"]);
    }

    public ProbedStream Baseline { get; }

    public ProbedStream BaselineAud { get; }

    public ProbedStream High { get; }

    public ProbedStream Interlaced { get; }

    public void Dispose() => _directory.Dispose();

    private ProbedStream Make(string name, string source, string seconds, string[] codecArguments)
    {
        string path = _directory.File(name);
        Ffmpeg.Encode(["-f", "lavfi", "-i", source, "-t", seconds, "-c:v", "libx264", "-preset", "veryfast", .. codecArguments,
            "-bsf:v", "h264_mp4toannexb", "-f", "h264", path]);
        var fields = Ffmpeg.Probe("-count_frames", "-select_streams", "v:0",
                "-show_entries", "stream=nb_read_frames,width,height,profile,level", "-of", "default=nw=1", path)
            .Split('\n')
            .Select(line => line.Split('=', 2))
            .ToDictionary(pair => pair[0], pair => pair[1].Trim());
        return new ProbedStream(
            path,
            File.ReadAllBytes(path),
            int.Parse(fields["nb_read_frames"], CultureInfo.InvariantCulture),
            int.Parse(fields["width"], CultureInfo.InvariantCulture),
            int.Parse(fields["height"], CultureInfo.InvariantCulture),
            fields["profile"],
            int.Parse(fields["level"], CultureInfo.InvariantCulture));
    }
}

public sealed record ProbedStream(string Path, byte[] Bytes, int FrameCount, int Width, int Height, string Profile, int Level);
