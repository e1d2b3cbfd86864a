namespace Tandem.LatencyBench.Bwe;

/// <summary>
/// The frames a window's video never showed although they were sent: gaps in the RTP timestamps of the frames the page's
/// requestVideoFrameCallback saw (in steps of the stream's usual frame interval), and of those how many the compositor was
/// handed without a callback (<c>presentedFrames</c> advancing by more than one). Skipped but not presented: decoded, then
/// replaced by the next frame before the screen showed it — frames released together, e.g. after a repair by
/// retransmission — or never decoded. Presented without a callback: on the screen, missed by the page's main thread.
/// </summary>
internal readonly record struct SkippedFrames(int Shown, int Skipped, int PresentedUnseen, double ShowDelayMs, double ShowDelayAfterSkipMs)
{
    /// <summary>The figures of the frames shown between <paramref name="from"/> and <paramref name="to"/> (page clock, ms).</summary>
    public static SkippedFrames Of(IReadOnlyList<ShownFrame> frames, double from, double to)
    {
        var inside = frames.Where(f => f.At >= from && f.At < to && f.RtpTimestamp is not null).ToList();
        var deltas = inside.Zip(inside.Skip(1), (a, b) => RtpDelta(a.RtpTimestamp!.Value, b.RtpTimestamp!.Value)).Where(d => d > 0).ToList();
        if (deltas.Count == 0)
        {
            return new SkippedFrames(inside.Count, 0, 0, double.NaN, double.NaN);
        }

        var interval = deltas.Order().ElementAt(deltas.Count / 2);
        var skipped = deltas.Sum(d => Math.Max(0, (int)Math.Round(d / interval) - 1));
        var unseen = inside.Zip(inside.Skip(1), (a, b) => a.Presented is { } p && b.Presented is { } q ? Math.Max(0, (int)(q - p) - 1) : 0).Sum();

        // How long after its last packet a frame was shown, and the frame following a skip: a frame held back for a
        // retransmission releases the next ones at once.
        var all = inside.Where(f => f.ReceivedAt is not null).Select(f => f.At - f.ReceivedAt!.Value).ToList();
        var afterSkip = inside.Zip(inside.Skip(1), (a, b) => (a, b))
            .Where(p => p.b.ReceivedAt is not null && RtpDelta(p.a.RtpTimestamp!.Value, p.b.RtpTimestamp!.Value) > 1.5 * interval)
            .Select(p => p.b.At - p.b.ReceivedAt!.Value).ToList();
        return new SkippedFrames(inside.Count, skipped, unseen, Median(all), Median(afterSkip));
    }

    private static double Median(List<double> values) => values.Count > 0 ? Report.Percentile(values, 50) : double.NaN;

    // The RTP clock wraps at 2^32.
    private static double RtpDelta(double a, double b) => (b - a + 4294967296.0) % 4294967296.0;
}
