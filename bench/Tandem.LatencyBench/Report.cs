using System.Globalization;
using System.Text;

namespace Tandem.LatencyBench;

/// <summary>The summary table: per load, ours against Chromium's glasses, medians over the rounds, and ours ÷ theirs.</summary>
internal static class Report
{
    public static string Build(BenchOptions options, IReadOnlyList<(Load Load, Sender Sender, RoundResult Result)> results)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{options.Rounds} round(s), {options.Width}x{options.Height} at 30 fps, glasses in the room {options.SettleSeconds} s before the app page opens, {options.WarmupSeconds} s warm-up from {(options.WindowFromSync ? "when the page's lip sync has both streams on the sender's clock" : "the first frame")}, {options.Seconds} s measured; medians over rounds of each round's figure.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, load average at the end {LoadAverage()}.");
        text.AppendLine();
        text.AppendLine("| load | glasses | capture→display p50 | p95 | jitter buffer | first frame after join | frames shown/s | decoded size |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var load in options.Loads)
        {
            var rows = new Dictionary<Sender, double[]>();
            foreach (var sender in options.Senders)
            {
                var mine = results.Where(r => r.Load == load && r.Sender == sender).Select(r => r.Result).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                var figures = new[]
                {
                    Median(mine.Select(r => Percentile(r.CaptureToDisplayMs, 50))), Median(mine.Select(r => Percentile(r.CaptureToDisplayMs, 95))),
                    Median(mine.Select(r => r.JitterBufferMs)), Median(mine.Select(r => r.FirstFrameSeconds)), Median(mine.Select(r => r.FramesPerSecond)),
                };
                rows[sender] = figures;
                var last = mine[^1];
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {load} | {sender} | {figures[0]:F1} ms | {figures[1]:F1} ms | {figures[2]:F1} ms | {figures[3]:F2} s | {figures[4]:F1} | {last.Width}x{last.Height} |");
            }

            if (rows.TryGetValue(Sender.Ours, out var ours) && rows.TryGetValue(Sender.Chromium, out var theirs))
            {
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {load} | ours ÷ Chromium | {ours[0] / theirs[0]:F2}× | {ours[1] / theirs[1]:F2}× | {ours[2] / theirs[2]:F2}× | {ours[3] / theirs[3]:F2}× | {ours[4] / theirs[4]:F2}× | |");
            }
        }

        AppendDetails(text, results);
        return text.ToString();
    }

    // Per round: the page's jitter buffers, and our glasses' own timeline (where the milliseconds went before the packets reached the app).
    private static void AppendDetails(StringBuilder text, IReadOnlyList<(Load Load, Sender Sender, RoundResult Result)> results)
    {
        text.AppendLine();
        text.AppendLine("The page's jitter buffers per round, means: video delay / target / minimum (the minimum is what the frames' jitter alone asks for; the target adds A/V sync), audio delay / target:");
        text.AppendLine();
        text.AppendLine("| load | glasses | video delay | target | minimum | audio delay | audio target |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (load, sender, result) in results)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {load} | {sender} | {result.JitterBufferMs:F1} ms | {result.JitterBufferTargetMs:F1} ms | {result.JitterBufferMinimumMs:F1} ms | {result.AudioJitterBufferMs.Delay:F1} ms | {result.AudioJitterBufferMs.Target:F1} ms |");
        }

        text.AppendLine();
        text.AppendLine("The page's lip sync per round (`sync-ROUND-LOAD-SENDER.md` beside this file: second by second):");
        text.AppendLine();
        foreach (var (load, sender, result) in results.Where(r => r.Result.Sync is not null))
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- {load}, {sender}: {result.Sync}");
        }

        if (results.Any(r => r.Result.Wire is not null))
        {
            text.AppendLine();
            text.AppendLine($"The glasses' audio on the wire per round (`wire-SENDER-UID.txt` beside this file: every RTP/RTCP datagram), its first {WireTrace.StartSeconds:F0} s and 5–15 s after its first packet:");
            text.AppendLine();
            foreach (var (load, sender, result) in results.Where(r => r.Result.Wire is not null))
            {
                text.AppendLine(CultureInfo.InvariantCulture, $"- {load}, {sender}: {result.Wire}");
            }
        }

        var rounds = results.Where(r => r.Result.Timeline is not null).ToList();
        if (rounds.Count == 0)
        {
            return;
        }

        text.AppendLine();
        text.AppendLine("Our glasses' frames in the window (`tandem device --frame-timeline`), p50 / p95 per round:");
        text.AppendLine();
        text.AppendLine("| load | capture→encoded | of it the encoder | encoded→first packet sent | first→last packet sent | frame size | audio frames dropped as stale (window / call) |");
        text.AppendLine("|---|---|---|---|---|---|---|");
        foreach (var (load, _, result) in rounds)
        {
            var t = result.Timeline!;
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {load} | {t.CapturedToEncoded.P50:F1} / {t.CapturedToEncoded.P95:F1} ms | {t.Encode.P50:F1} / {t.Encode.P95:F1} ms | {t.EncodedToFirstPacket.P50:F1} / {t.EncodedToFirstPacket.P95:F1} ms | {t.FirstToLastPacket.P50:F1} / {t.FirstToLastPacket.P95:F1} ms | {t.FrameKb.P50:F1} / {t.FrameKb.P95:F1} kB | {t.AudioStale} / {t.AudioStaleInCall} |");
        }
    }

    public static double Percentile(IReadOnlyList<double> values, double p)
    {
        if (values.Count == 0)
        {
            return double.NaN;
        }

        var sorted = values.Order().ToArray();
        var rank = p / 100 * (sorted.Length - 1);
        var low = (int)Math.Floor(rank);
        var high = (int)Math.Ceiling(rank);
        return sorted[low] + ((sorted[high] - sorted[low]) * (rank - low));
    }

    private static double Median(IEnumerable<double> values) => Percentile([.. values.Where(v => !double.IsNaN(v))], 50);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
