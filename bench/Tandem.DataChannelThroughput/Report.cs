using System.Globalization;
using System.Text;

namespace Tandem.DataChannelThroughput;

/// <summary>The summary table: medians, spread and ratios against Chromium -> Chromium, per message size.</summary>
internal static class Report
{
    public static string SizeName(int size) => size % 1024 == 0 ? $"{size / 1024} KiB" : $"{size} B";

    public static string LoadAverage()
    {
        try
        {
            return string.Join(' ', File.ReadAllText("/proc/loadavg").Split(' ').Take(3));
        }
        catch (IOException)
        {
            return "n/a";
        }
    }

    public static double Median(IEnumerable<double> values)
    {
        var sorted = values.Order().ToArray();
        if (sorted.Length == 0)
        {
            return double.NaN;
        }

        var mid = sorted.Length / 2;
        return sorted.Length % 2 == 1 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
    }

    public static string Table(IReadOnlyList<Measurement> results, BenchOptions options)
    {
        var text = new StringBuilder();
        text.AppendLine(CultureInfo.InvariantCulture,
            $"One reliable ordered channel, {options.MiB} MiB one way per transfer, sender keeps <= 1 MiB buffered " +
            $"(bufferedAmountLowThreshold 256 KiB); receiver rate from first to last message; {options.Rounds} interleaved rounds, fresh connection each.");
        text.AppendLine();
        text.AppendLine("| message | pairing | median MB/s | min-max MB/s | spread | vs Chromium -> Chromium | complete, in order | C# process CPU s (median) | UDP datagrams dropped (median) | ours: retransmitted chunks / T3 timeouts / DTLS queue drops (median) |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|");
        foreach (var size in options.Sizes)
        {
            var baseline = Median(results.Where(r => r.MessageSize == size && r.Pairing == Pairing.ChromiumToChromium).Select(r => r.MegabytesPerSecond));
            foreach (var pairing in options.Pairings)
            {
                var runs = results.Where(r => r.MessageSize == size && r.Pairing == pairing).ToList();
                if (runs.Count == 0)
                {
                    continue;
                }

                var median = Median(runs.Select(r => r.MegabytesPerSecond));
                var min = runs.Min(r => r.MegabytesPerSecond);
                var max = runs.Max(r => r.MegabytesPerSecond);
                text.AppendLine(CultureInfo.InvariantCulture,
                    $"| {SizeName(size)} | {pairing.Name()} | {median:F2} | {min:F2}-{max:F2} | ±{(max - min) / 2 / median * 100:F0}% | " +
                    $"{median / baseline:F2} | {runs.Count(r => r.Complete)}/{runs.Count} | {Median(runs.Select(r => r.OurCpuSeconds)):F2} | {Median(runs.Select(r => (double)r.UdpRcvbufDrops)):F0} | " +
                    $"{(pairing == Pairing.ChromiumToChromium ? "-" : string.Create(CultureInfo.InvariantCulture, $"{Median(runs.Select(r => (double)r.OurRetransmittedChunks)):F0} / {Median(runs.Select(r => (double)r.OurRetransmissionTimeouts)):F0} / {Median(runs.Select(r => (double)r.OurDtlsQueueDrops)):F0}"))} |");
            }
        }

        return text.ToString();
    }
}
