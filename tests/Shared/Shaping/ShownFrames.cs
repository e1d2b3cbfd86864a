namespace Tandem.Testing.Shaping;

/// <summary>
/// What a viewer saw, from the instants the page showed each frame (<c>requestVideoFrameCallback</c>'s
/// <c>now</c>, in ms): freezes are counted where the viewer sees them, as gaps between shown frames longer
/// than max(3 × the median gap, median + 150 ms) (issue 15; <c>getStats</c>' <c>freezeCount</c> reads 0 when
/// nothing is decoded at all). A window with no frame at all is one freeze as long as the window.
/// </summary>
internal static class ShownFrames
{
    /// <summary>The page script that records the instants into <c>window.tandemShown</c>.</summary>
    public const string Recorder = """
        (() => {
          window.tandemShown = [];
          const watch = () => {
            const video = document.getElementById('remote-video');
            if (!video) { setTimeout(watch, 20); return; }
            const onFrame = now => { window.tandemShown.push(now); video.requestVideoFrameCallback(onFrame); };
            video.requestVideoFrameCallback(onFrame);
          };
          document.addEventListener('DOMContentLoaded', watch);
        })();
        """;

    /// <summary>Freezes among <paramref name="shownMs"/> (ascending) within [<paramref name="fromMs"/>, <paramref name="toMs"/>]: their count and total length.</summary>
    public static (int Count, double FrozenMs) Freezes(IReadOnlyList<double> shownMs, double fromMs, double toMs)
    {
        var inside = shownMs.Where(t => t >= fromMs && t <= toMs).ToList();
        if (inside.Count < 2)
        {
            return (1, toMs - fromMs);
        }

        var gaps = new List<double> { inside[0] - fromMs };
        for (var i = 1; i < inside.Count; i++)
        {
            gaps.Add(inside[i] - inside[i - 1]);
        }

        gaps.Add(toMs - inside[^1]);
        var sorted = gaps.Order().ToList();
        var median = sorted[sorted.Count / 2];
        var threshold = Math.Max(3 * median, median + 150);
        var frozen = gaps.Where(g => g > threshold).ToList();
        return (frozen.Count, frozen.Sum());
    }
}
