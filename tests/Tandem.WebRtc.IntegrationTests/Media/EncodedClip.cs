extern alias TandemMedia;

using System.Diagnostics;
using System.Globalization;
using TandemMedia::Tandem.Media.H264;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// An H.264 clip made by ffmpeg (libx264, constrained baseline, <c>-tune zerolatency</c>, Annex-B as
/// a hardware encoder emits it), held in memory as access units in decode order.
/// </summary>
public sealed class EncodedClip
{
    private EncodedClip(IReadOnlyList<byte[]> accessUnits, IReadOnlyList<bool> keyframes, int framesPerSecond)
    {
        AccessUnits = accessUnits;
        Keyframes = keyframes;
        FramesPerSecond = framesPerSecond;
    }

    /// <summary>Every access unit, Annex-B with start codes.</summary>
    public IReadOnlyList<byte[]> AccessUnits { get; }

    /// <summary>Whether access unit i holds an IDR picture.</summary>
    public IReadOnlyList<bool> Keyframes { get; }

    public int FramesPerSecond { get; }

    public int Count => AccessUnits.Count;

    /// <summary>
    /// Encodes <paramref name="seconds"/> of the lavfi <paramref name="source"/> (e.g. testsrc2 with a
    /// filter chain) with an IDR every <paramref name="gop"/> frames; <paramref name="quality"/> is
    /// either a bitrate ("1500k", also the VBV max rate) or a CRF ("crf=30").
    /// </summary>
    public static async Task<EncodedClip> EncodeAsync(string source, int framesPerSecond, double seconds, int gop, string quality)
    {
        var c = CultureInfo.InvariantCulture;
        var rate = quality.StartsWith("crf=", StringComparison.Ordinal)
            ? new[] { "-crf", quality[4..] }
            : ["-b:v", quality, "-maxrate", quality, "-bufsize", quality];
        string[] args =
        [
            "-hide_banner", "-loglevel", "error", "-nostdin", "-f", "lavfi", "-i", source,
            "-t", seconds.ToString(c), "-an", "-c:v", "libx264", "-preset", "veryfast", "-tune", "zerolatency",
            "-profile:v", "baseline", "-pix_fmt", "yuv420p", "-g", gop.ToString(c), .. rate, "-f", "h264", "pipe:1",
        ];
        var info = new ProcessStartInfo("ffmpeg") { RedirectStandardOutput = true, RedirectStandardError = true, UseShellExecute = false };
        foreach (var arg in args)
        {
            info.ArgumentList.Add(arg);
        }

        using var process = Process.Start(info) ?? throw new InvalidOperationException("ffmpeg did not start");
        var stderr = process.StandardError.ReadToEndAsync();
        var units = new List<byte[]>();
        var keyframes = new List<bool>();
        using (var reader = new AnnexBReader(process.StandardOutput.BaseStream))
        {
            while (await reader.ReadAsync() is { } unit)
            {
                using (unit)
                {
                    units.Add(unit.Span.ToArray());
                    keyframes.Add(unit.IsKeyframe);
                }
            }
        }

        await process.WaitForExitAsync();
        if (process.ExitCode != 0 || units.Count == 0)
        {
            throw new InvalidOperationException($"ffmpeg failed ({process.ExitCode}): {await stderr}");
        }

        return new EncodedClip(units, keyframes, framesPerSecond);
    }
}
