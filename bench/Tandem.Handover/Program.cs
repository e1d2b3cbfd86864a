using System.Globalization;
using System.Text;
using Tandem.Testing.Handover;

namespace Tandem.Handover;

/// <summary>
/// The handover benchmark (bench/handover.sh): per role of the glasses (offering, answering) one call,
/// then N switches between Wi-Fi and cellular, each outage measured at the app (longest gap between
/// received frames around the switch); the call's own setup time is the baseline of the same run.
/// </summary>
internal static class Program
{
    private static async Task<int> Main(string[] args)
    {
        var runs = 20;
        var output = "handover-results";
        for (var i = 0; i + 1 < args.Length; i += 2)
        {
            switch (args[i])
            {
                case "--runs" when int.TryParse(args[i + 1], CultureInfo.InvariantCulture, out var n) && n > 0:
                    runs = n;
                    break;
                case "--out":
                    output = args[i + 1];
                    break;
                default:
                    Console.Error.WriteLine($"unknown or bad option {args[i]} {args[i + 1]}: use --runs N (N > 0) and --out DIR");
                    return 2;
            }
        }

        Directory.CreateDirectory(output);
        var report = new StringBuilder();
        report.AppendLine(CultureInfo.InvariantCulture, $"# Handover outage, {runs} switches per role ({DateTime.UtcNow:yyyy-MM-dd HH:mm} UTC)").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"command: bench/handover.sh {string.Join(' ', args)}").AppendLine();
        report.AppendLine(CultureInfo.InvariantCulture, $"machine: {Environment.ProcessorCount} CPUs, load before: {Load()}").AppendLine();
        report.AppendLine("| glasses | setup (to first frame) | outage p50 | outage p95 | outage max | switches that resumed |");
        report.AppendLine("|---|---|---|---|---|---|");
        foreach (var glassesOffer in new[] { true, false })
        {
            var role = glassesOffer ? "offering" : "answering";
            await using var network = await HandoverNetwork.CreateAsync();
            await using var call = await HandoverCall.StartAsync(network, glassesFirst: glassesOffer);
            Console.WriteLine($"glasses {role}: call up, setup {call.SetupTime.TotalMilliseconds:0} ms");
            var outages = new List<double>();
            for (var run = 1; run <= runs; run++)
            {
                var switchedAt = await network.SwitchAsync();
                var outage = await call.OutageAsync(switchedAt, framesAfter: 50, TimeSpan.FromSeconds(30));
                Console.WriteLine(outage is { } o
                    ? $"  switch {run}/{runs} to {network.GlassesAddress}: outage {o.TotalMilliseconds:0} ms"
                    : $"  switch {run}/{runs} to {network.GlassesAddress}: video did not resume within 30 s");
                if (outage is { } measured)
                {
                    outages.Add(measured.TotalMilliseconds);
                }

                await Task.Delay(TimeSpan.FromSeconds(1));
            }

            outages.Sort();
            report.AppendLine(CultureInfo.InvariantCulture,
                $"| {role} | {call.SetupTime.TotalMilliseconds:0} ms | {Percentile(outages, 0.5):0} ms | {Percentile(outages, 0.95):0} ms | {(outages.Count > 0 ? outages[^1] : double.NaN):0} ms | {outages.Count}/{runs} |");
        }

        report.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"load after: {Load()}");
        var summary = report.ToString();
        Console.WriteLine();
        Console.WriteLine(summary);
        await File.WriteAllTextAsync(Path.Combine(output, "summary.md"), summary);
        Console.WriteLine($"written to {Path.Combine(output, "summary.md")}");
        return 0;
    }

    /// <summary>Nearest-rank percentile of sorted values (NaN when empty).</summary>
    private static double Percentile(List<double> sorted, double p) =>
        sorted.Count == 0 ? double.NaN : sorted[Math.Clamp((int)Math.Ceiling(p * sorted.Count) - 1, 0, sorted.Count - 1)];

    private static string Load() => File.Exists("/proc/loadavg") ? string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3)) : "unknown";
}
