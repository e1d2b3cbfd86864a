extern alias TandemMedia;

using TandemMedia::Tandem.Media.Audio;
using TandemMedia::Tandem.Media.H264;
using Tandem.Testing;

namespace Tandem.WebRtc.Tests.Media;

/// <summary>
/// The sender's captured media: three seconds of x264 testsrc2 at 30 fps where frame
/// <see cref="FlashFrame"/> is all white, and 16 kHz mono audio, silent but for a 1 kHz beep
/// starting at a given sample. Made once per test class.
/// </summary>
public sealed class LipSyncClip : IDisposable
{
    public const int FramesPerSecond = 30;
    public const int FlashFrame = 45;
    public const int SampleRate = 16_000;
    public static readonly TimeSpan Duration = TimeSpan.FromSeconds(3);
    public static readonly TimeSpan BeepLength = TimeSpan.FromMilliseconds(200);

    public LipSyncClip()
    {
        Directory = System.IO.Directory.CreateTempSubdirectory("tandem-lipsync-");
        var file = Path.Combine(Directory.FullName, "sent.h264");
        var (code, _, stderr) = FfmpegTool.Run(
            "ffmpeg", "-hide_banner", "-loglevel", "error", "-y",
            "-f", "lavfi", "-i", $"testsrc2=size=320x180:rate={FramesPerSecond},drawbox=x=0:y=0:w=iw:h=ih:color=white:t=fill:enable='eq(n\\,{FlashFrame})'",
            "-t", Duration.TotalSeconds.ToString(System.Globalization.CultureInfo.InvariantCulture),
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

    /// <summary>Silence with a half-scale 1 kHz beep from <paramref name="beepStart"/> (in samples).</summary>
    public static short[] BeepAudio(int beepStart)
    {
        var pcm = new short[(int)(Duration.TotalSeconds * SampleRate)];
        new ToneGenerator(SampleRate, 1000, amplitude: 0.5).Fill(pcm.AsSpan(beepStart, (int)(BeepLength.TotalSeconds * SampleRate)));
        return pcm;
    }

    /// <summary>The mean luma of every frame of an Annex-B file, in decode order (baseline: no reordering).</summary>
    public static double[] MeanLuma(string h264File)
    {
        var (code, stdout, stderr) = FfmpegTool.Run(
            "ffprobe", "-v", "error", "-f", "lavfi", "-i", $"movie={h264File},signalstats",
            "-show_entries", "frame_tags=lavfi.signalstats.YAVG", "-of", "csv=p=0");
        Assert.True(code == 0, stderr);
        return stdout.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries)
            .Select(line => double.Parse(line, System.Globalization.CultureInfo.InvariantCulture))
            .ToArray();
    }

    public void Dispose() => Directory.Delete(recursive: true);
}
