using System.Globalization;
using System.Text;
using System.Text.RegularExpressions;

namespace Tandem.LatencyBench.Bwe;

/// <summary>A line our glasses printed, <paramref name="At"/> seconds after the page showed its first frame.</summary>
internal sealed record DeviceLine(double At, string Line);

/// <summary>
/// Where a run's latency sits, second by second: at the page (probe.js's lip-sync samples through <see cref="SyncTrace"/>:
/// NetEq's buffer and target, the video jitter buffer's delay, target and minimum, audio's playout against video's) and,
/// for our glasses, on the network and in the sender (the status line's target and standing queue — the one-way delays
/// of the feedback above the empty path's —, the <c>frame:</c> lines' sizes and pacer waits). Written per scenario and
/// sender next to the summary, so a window's latency can be told apart: a queue in the router, a frame too large for the
/// link, or a buffer at the page.
/// </summary>
internal sealed partial class BweTrace(SyncTrace sync, double joinToStartSeconds, IReadOnlyList<DeviceLine> device)
{
    /// <summary>One second of the run (seconds since the first frame shown); NaN where a figure is unknown.</summary>
    internal sealed record Second(int At, double LatencyMs, double ReceivedKbps, string Size, double AudioBufferMs, double AudioTargetMs,
        double VideoBufferMs, double VideoTargetMs, double VideoMinimumMs, double AudioAheadMs, double SentKbps, double TargetKbps, double QueueMs,
        double FrameBytesMax, double PacerWaitMsMax, double Nacks);

    private sealed record Frame(double At, int Bytes, bool Key, double PacerWaitMs, double SendMs);

    /// <summary>The trace's rows for <paramref name="run"/>, one per second of <paramref name="scenario"/>.</summary>
    public IReadOnlyList<Second> Seconds(BweRun run, Scenario scenario)
    {
        var frames = Frames();
        var status = device.Select(l => (l.At, Match: StatusLine().Match(l.Line))).Where(s => s.Match.Success).ToList();
        var rows = new List<Second>();
        for (var s = 0; s < (int)scenario.Seconds; s++)
        {
            var (from, to) = (run.Start + (s * 1000), run.Start + ((s + 1) * 1000));
            var latencies = run.Frames.Where(f => f.At >= from && f.At < to && f.LatencyMs is not null).Select(f => f.LatencyMs!.Value).ToList();
            var samples = run.Samples.Where(x => x.At >= from - 250 && x.At < to + 250).ToList();
            var received = samples.Count >= 2 ? (samples[^1].Bytes - samples[0].Bytes) * 8 / (samples[^1].At - samples[0].At) : double.NaN;
            var size = samples.Count > 0 ? $"{samples[^1].Width}x{samples[^1].Height}" : "-";
            var page = sync.Rows.FirstOrDefault(r => r.Second - joinToStartSeconds > s && r.Second - joinToStartSeconds <= s + 1);
            var line = status.Where(x => x.At >= s && x.At < s + 1).Select(x => x.Match).FirstOrDefault();
            var inSecond = frames.Where(f => f.At >= s && f.At < s + 1).ToList();
            rows.Add(new Second(s, Report.Percentile(latencies, 50), received, size,
                page?.AudioBufferMs ?? double.NaN, page?.AudioTargetMs ?? double.NaN, page?.VideoBufferMs ?? double.NaN,
                page?.VideoTargetMs ?? double.NaN, page?.VideoMinimumMs ?? double.NaN, page?.AudioAheadMs ?? double.NaN,
                Group(line, "sent"), Group(line, "target"), Group(line, "queue"),
                inSecond.Count > 0 ? inSecond.Max(f => f.Bytes) : double.NaN, inSecond.Count > 0 ? inSecond.Max(f => f.PacerWaitMs) : double.NaN,
                samples.Count >= 2 ? samples[^1].Nacks - samples[0].Nacks : double.NaN));
        }

        return rows;
    }

    /// <summary>The Markdown file of one run: a summary per window, then every second.</summary>
    public string ToMarkdown(BweRun run, Scenario scenario, Sender sender, int round)
    {
        var rows = Seconds(run, scenario);
        var frames = Frames();
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"# {scenario.Name}, {sender} glasses, round {round}: where the latency sits");
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"{scenario.Description}. Seconds since the first frame shown; medians over the window's seconds. {sync}.");
        text.AppendLine();
        text.AppendLine("| window | capture→display p50 | NetEq buffer / target | video buffer / target / minimum | audio ahead of video | decoded size | target | queue (one-way) | frame bytes p50 / p95 / max | largest frame at the cap | pacer wait p95 |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var window in scenario.Windows)
        {
            var w = rows.Where(r => r.At >= window.From && r.At < window.To).ToList();
            var f = frames.Where(x => x.At >= window.From && x.At < window.To && !x.Key).Select(x => (double)x.Bytes).ToList();
            var max = f.Count > 0 ? f.Max() : double.NaN;
            var atCap = window.CapKbps is { } cap && f.Count > 0 ? Ms(max * 8 / cap) : "-";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {window.Label} | {Ms(Median(w, r => r.LatencyMs))} | {Ms(Median(w, r => r.AudioBufferMs))} / {Ms(Median(w, r => r.AudioTargetMs))} | " +
                $"{Ms(Median(w, r => r.VideoBufferMs))} / {Ms(Median(w, r => r.VideoTargetMs))} / {Ms(Median(w, r => r.VideoMinimumMs))} | {Ms(Median(w, r => r.AudioAheadMs))} | " +
                $"{(w.Count > 0 ? w[^1].Size : "-")} | {Kbps(Median(w, r => r.TargetKbps))} | {Ms(Median(w, r => r.QueueMs))} | " +
                $"{Num(Report.Percentile(f, 50))} / {Num(Report.Percentile(f, 95))} / {Num(max)} | {atCap} | " +
                $"{Ms(Report.Percentile([.. frames.Where(x => x.At >= window.From && x.At < window.To).Select(x => x.PacerWaitMs)], 95))} |");
        }

        var keys = frames.Where(f => f.Key).Select(f => string.Create(CultureInfo.InvariantCulture, $"{f.At:F1} s {f.Bytes} B")).ToList();
        text.AppendLine();
        text.AppendLine($"Keyframes sent: {(keys.Count == 0 ? "-" : string.Join(", ", keys))}.");
        text.AppendLine();
        text.AppendLine("Frame bytes: P frames only (keyframes apart); the largest frame at the cap: its time on the link at the window's rate; pacer wait: encoded → first packet out. Target, queue, sent and frames: our glasses' status and `frame:` lines (none for Chromium's).");
        text.AppendLine();
        text.AppendLine("| s | capture→display p50 | received | decoded | NetEq buffer / target | video buffer / target / minimum | audio ahead | sent | target | queue | largest frame | pacer wait max | NACKs |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        foreach (var r in rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.At} | {Ms(r.LatencyMs)} | {Kbps(r.ReceivedKbps)} | {r.Size} | {Ms(r.AudioBufferMs)} / {Ms(r.AudioTargetMs)} | {Ms(r.VideoBufferMs)} / {Ms(r.VideoTargetMs)} / {Ms(r.VideoMinimumMs)} | " +
                $"{Ms(r.AudioAheadMs)} | {Kbps(r.SentKbps)} | {Kbps(r.TargetKbps)} | {Ms(r.QueueMs)} | {Num(r.FrameBytesMax)} | {Ms(r.PacerWaitMsMax)} | {Num(r.Nacks)} |");
        }

        // The page's lip-sync samples themselves (every 200 ms, seconds since the join): the audio's bursts and concealment around a step.
        text.AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"The page's samples, {joinToStartSeconds:F1} s after the join is the first frame shown:");
        text.AppendLine();
        text.Append(sync.ToTable());
        return text.ToString();
    }

    private List<Frame> Frames() => [.. device.Select(l => (l.At, Match: FrameLine().Match(l.Line))).Where(x => x.Match.Success).Select(x => new Frame(
        x.At, int.Parse(x.Match.Groups["bytes"].Value, CultureInfo.InvariantCulture), x.Match.Groups["key"].Value == "1",
        double.Parse(x.Match.Groups["wait"].Value, CultureInfo.InvariantCulture), double.Parse(x.Match.Groups["send"].Value, CultureInfo.InvariantCulture)))];

    private static double Group(Match? match, string name) =>
        match is { Success: true } && match.Groups[name].Success ? double.Parse(match.Groups[name].Value, CultureInfo.InvariantCulture) : double.NaN;

    private static double Median(List<Second> rows, Func<Second, double> value) => Report.Percentile([.. rows.Select(value).Where(v => !double.IsNaN(v))], 50);

    private static string Ms(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", CultureInfo.InvariantCulture) + " ms";

    private static string Kbps(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", CultureInfo.InvariantCulture) + " kbit/s";

    private static string Num(double value) => double.IsNaN(value) ? "-" : value.ToString("F0", CultureInfo.InvariantCulture);

    [GeneratedRegex(@"^status: \S+  video [\d.]+ fps (?<sent>[\d.]+) kbit/s.*?(  target (?<target>[\d.]+) kbit/s queue (?<queue>[\d.]+) ms)?$")]
    private static partial Regex StatusLine();

    [GeneratedRegex(@"^frame: index=\d+ key=(?<key>[01]) bytes=(?<bytes>\d+) packets=\d+ captured-encoded=\S+ encode=\S+ encoded-first=(?<wait>[\d.-]+) first-last=(?<send>[\d.-]+)")]
    private static partial Regex FrameLine();
}
