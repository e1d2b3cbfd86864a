extern alias TandemMedia;

using TandemMedia::Tandem.Media.H264;
using Tandem.Testing;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Test media made with ffmpeg (see <see cref="FfmpegTool"/>) and scratch directories for it.</summary>
internal static class MediaFiles
{
    /// <summary>
    /// A libx264 constrained-baseline Annex-B stream (no B-frames, a keyframe every second) of
    /// <paramref name="seconds"/> at 25 fps, read into access units.
    /// </summary>
    public static async Task<List<byte[]>> MakeH264AccessUnitsAsync(string directory, double seconds, int width = 320, int height = 240)
    {
        var path = Path.Combine(directory, "sent.h264");
        FfmpegTool.MakeBaselineClip(path, seconds, width, height);
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

    public static string NewDirectory()
    {
        var directory = Path.Combine(Path.GetTempPath(), "tandem-pc-media-" + Guid.NewGuid().ToString("N")[..8]);
        Directory.CreateDirectory(directory);
        return directory;
    }
}
