using System.Globalization;
using System.Text;
using Tandem.Testing.Shaping;

namespace Tandem.LatencyBench.Bwe;

/// <summary>One window's figures for one run.</summary>
internal sealed record WindowFigures(string Window, int? CapKbps, double P50Ms, double P95Ms, int Freezes, double FrozenMs, double FramesPerSecond, double Kbps);

/// <summary>One run's figures: its windows, the recovery after each step down (s; null: not within the step), and the whole run's counters.</summary>
internal sealed record RunFigures(string Scenario, Sender Sender, int Round, IReadOnlyList<WindowFigures> Windows, IReadOnlyList<double?> RecoverySeconds,
    double? OutageRecoverySeconds, double Retransmitted, double Nacks, double Dropped, double Pli, string Size)
{
    /// <summary>The frames the last window never showed (<see cref="SkippedFrames"/>), as a line of the summary.</summary>
    public string Skipped { get; init; } = "";
}

/// <summary>Figures from a <see cref="BweRun"/>, and the summary table: per scenario and window, medians over rounds, ours against Chromium's.</summary>
internal static class BweReport
{
    public static RunFigures Measure(Scenario scenario, Sender sender, int round, BweRun run)
    {
        var windows = scenario.Windows.Select(w => Window(run, w)).ToList();
        var recoveries = scenario.StepsDown.Select(s => Recovery(run, s, scenario)).ToList();
        double? outage = null;
        if (scenario.Name == "outage")
        {
            // When the link really came back: the step is applied at the loop's first turn past its time, up to a turn late.
            var end = run.Outage?.LinkBackOnPage ?? run.Start + 14_000;
            outage = run.Frames.FirstOrDefault(f => f.At > end) is { } back ? (back.At - end) / 1000 : null;
        }

        var last = run.Samples.Count > 0 ? run.Samples[^1] : new StatsSample(0, 0, 0, 0, 0, 0, 0, 0, 0);
        return new RunFigures(scenario.Name, sender, round, windows, recoveries, outage, last.Retransmitted, last.Nacks, last.Dropped, last.Pli, $"{last.Width}x{last.Height}")
        {
            Skipped = Skipped(run, scenario.Windows[^1]),
        };
    }

    public static string Build(IReadOnlyList<RunFigures> runs, int rounds, int width, int height)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture, $"{rounds} round(s), {width}x{height} at 30 fps from both senders to the /app page in Chromium through the shaped router; medians over rounds.");
        text.AppendLine(CultureInfo.InvariantCulture, $"Machine: {Environment.ProcessorCount} cores, load average at the end {LoadAverage()}.");
        foreach (var scenario in Scenario.All.Where(s => runs.Any(r => r.Scenario == s.Name)))
        {
            text.AppendLine();
            text.AppendLine(CultureInfo.InvariantCulture, $"### {scenario.Name}: {scenario.Description}");
            text.AppendLine();
            text.AppendLine("| window | glasses | capture→display p50 | p95 | freezes (frozen) | frames shown/s | received video | of the cap |");
            text.AppendLine("|---|---|---|---|---|---|---|---|");
            foreach (var window in scenario.Windows)
            {
                var rows = new Dictionary<Sender, double[]>();
                foreach (var sender in new[] { Sender.Ours, Sender.Chromium })
                {
                    var mine = runs.Where(r => r.Scenario == scenario.Name && r.Sender == sender).Select(r => r.Windows.Single(w => w.Window == window.Label)).ToList();
                    if (mine.Count == 0)
                    {
                        continue;
                    }

                    double[] f = [Median(mine.Select(m => m.P50Ms)), Median(mine.Select(m => m.P95Ms)), Median(mine.Select(m => (double)m.Freezes)),
                        Median(mine.Select(m => m.FrozenMs)), Median(mine.Select(m => m.FramesPerSecond)), Median(mine.Select(m => m.Kbps))];
                    rows[sender] = f;
                    var share = window.CapKbps is { } cap ? string.Create(CultureInfo.InvariantCulture, $"{100 * f[5] / cap:F0} %") : "uncapped";
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {window.Label} | {sender} | {f[0]:F0} ms | {f[1]:F0} ms | {f[2]:F0} ({f[3] / 1000:F1} s) | {f[4]:F1} | {f[5]:F0} kbit/s | {share} |");
                }

                if (rows.TryGetValue(Sender.Ours, out var o) && rows.TryGetValue(Sender.Chromium, out var c))
                {
                    text.AppendLine(CultureInfo.InvariantCulture, $"| {window.Label} | ours ÷ Chromium | {o[0] / c[0]:F2}× | {o[1] / c[1]:F2}× | {o[2]:F0} vs {c[2]:F0} | {o[4] / c[4]:F2}× | {o[5] / c[5]:F2}× | |");
                }
            }

            text.AppendLine();
            foreach (var sender in new[] { Sender.Ours, Sender.Chromium })
            {
                var mine = runs.Where(r => r.Scenario == scenario.Name && r.Sender == sender).ToList();
                if (mine.Count == 0)
                {
                    continue;
                }

                var extra = new List<string>();
                for (var i = 0; i < scenario.StepsDown.Count; i++)
                {
                    extra.Add(string.Create(CultureInfo.InvariantCulture, $"latency back to its level {Seconds(mine.Select(m => m.RecoverySeconds[i]))} after the step down at {scenario.StepsDown[i]:F0} s"));
                }

                if (scenario.Name == "outage")
                {
                    extra.Add($"first frame {Seconds(mine.Select(m => m.OutageRecoverySeconds))} after the outage ended");
                }

                extra.Add($"retransmittedPacketsReceived {Counts(mine.Select(m => m.Retransmitted))} (NACKs sent {Counts(mine.Select(m => m.Nacks))})");
                extra.Add($"framesDropped {Counts(mine.Select(m => m.Dropped))}, PLIs {Counts(mine.Select(m => m.Pli))}");
                extra.Add(string.Join(", ", mine.Select(m => m.Skipped)));
                extra.Add($"decoded size at the end {string.Join(", ", mine.Select(m => m.Size))}");
                text.AppendLine($"- {sender}: {string.Join("; ", extra)}.");
            }
        }

        return text.ToString();
    }

    private static string Skipped(BweRun run, Window window)
    {
        var s = SkippedFrames.Of(run.Frames, run.Start + (window.From * 1000), run.Start + (window.To * 1000));
        return string.Create(CultureInfo.InvariantCulture,
            $"in the {window.Label} window {s.Skipped} frames never shown beside {s.Shown} shown ({s.PresentedUnseen} on screen without a callback), last packet → shown {s.ShowDelayMs:F0} ms, {s.ShowDelayAfterSkipMs:F0} ms for a frame after a gap");
    }

    private static WindowFigures Window(BweRun run, Window window)
    {
        var (from, to) = (run.Start + (window.From * 1000), run.Start + (window.To * 1000));
        var frames = run.Frames.Where(f => f.At >= from && f.At <= to).ToList();
        var latencies = frames.Where(f => f.LatencyMs is not null).Select(f => f.LatencyMs!.Value).ToList();
        var (freezes, frozen) = ShownFrames.Freezes([.. run.Frames.Select(f => f.At)], from, to);
        var inside = run.Samples.Where(s => s.At >= from && s.At <= to).ToList();
        var kbps = inside.Count >= 2 ? (inside[^1].Bytes - inside[0].Bytes) * 8 / (inside[^1].At - inside[0].At) : 0;
        return new WindowFigures(window.Label, window.CapKbps, Report.Percentile(latencies, 50), Report.Percentile(latencies, 95), freezes, frozen,
            frames.Count / (window.To - window.From), kbps);
    }

    /// <summary>
    /// Seconds from the step down at <paramref name="at"/> until the latency is back for good: the end of the last
    /// second of frames whose median latency was above 1.2 × (+20 ms) its median over the 5 s before the step
    /// (0 if none was); null if still above at the next step.
    /// </summary>
    private static double? Recovery(BweRun run, double at, Scenario scenario)
    {
        var step = run.Start + (at * 1000);
        var end = run.Start + (scenario.Steps.Select(s => s.AtSeconds).Where(s => s > at).DefaultIfEmpty(scenario.Seconds).Min() * 1000);
        var bound = (1.2 * Report.Percentile([.. Latencies(run, step - 5000, step)], 50)) + 20;
        var lastAbove = step;
        foreach (var frame in run.Frames.Where(f => f.At >= step + 1000 && f.At < end))
        {
            var second = Latencies(run, frame.At - 1000, frame.At).ToList();
            if (second.Count > 0 && Report.Percentile(second, 50) > bound)
            {
                lastAbove = frame.At;
            }
        }

        return end - lastAbove < 1000 && lastAbove > step ? null : (lastAbove - step) / 1000;
    }

    private static IEnumerable<double> Latencies(BweRun run, double from, double to) =>
        run.Frames.Where(f => f.At >= from && f.At < to && f.LatencyMs is not null).Select(f => f.LatencyMs!.Value);

    private static string Seconds(IEnumerable<double?> values)
    {
        var list = values.ToList();
        return list.All(v => v is null) ? "never" : string.Join(", ", list.Select(v => v is { } s ? s.ToString("F1", CultureInfo.InvariantCulture) + " s" : "never"));
    }

    private static string Counts(IEnumerable<double> values) => string.Join(", ", values.Select(v => v.ToString("F0", CultureInfo.InvariantCulture)));

    private static double Median(IEnumerable<double> values) => Report.Percentile([.. values.Where(v => !double.IsNaN(v))], 50);

    private static string LoadAverage() =>
        File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
