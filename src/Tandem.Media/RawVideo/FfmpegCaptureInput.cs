using System.Globalization;

namespace Tandem.Media.RawVideo;

/// <summary>The ffmpeg input arguments of a camera: a V4L2 device, or the <c>testsrc2</c> pattern.</summary>
internal static class FfmpegCaptureInput
{
    /// <summary>
    /// <c>-f v4l2 -framerate … -video_size … -i device</c>, or <c>[-re] -f lavfi -i testsrc2=…</c>, then
    /// <c>-t duration</c> when given.
    /// </summary>
    public static IEnumerable<string> Arguments(string? v4l2Device, int width, int height, double frameRate, bool realtime, TimeSpan? duration)
    {
        var c = CultureInfo.InvariantCulture;
        if (v4l2Device is not null)
        {
            yield return "-f";
            yield return "v4l2";
            yield return "-framerate";
            yield return frameRate.ToString(c);
            yield return "-video_size";
            yield return $"{width}x{height}";
            yield return "-i";
            yield return v4l2Device;
        }
        else
        {
            if (realtime)
            {
                yield return "-re";
            }

            yield return "-f";
            yield return "lavfi";
            yield return "-i";
            yield return string.Create(c, $"testsrc2=size={width}x{height}:rate={frameRate}");
        }

        if (duration is { } d)
        {
            yield return "-t";
            yield return d.TotalSeconds.ToString("0.###", c);
        }
    }
}
