using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tandem.Load.Reporting;

/// <summary>Writes a <see cref="LoadReport"/> as the issue's JSON object and as readable text.</summary>
public static class ReportWriter
{
    /// <summary>The report as one line of JSON (the issue's fields first, then the extra ones).</summary>
    public static string ToJson(LoadReport report, bool indented = false)
    {
        using var stream = new MemoryStream();
        using (var json = new Utf8JsonWriter(stream, new JsonWriterOptions { Indented = indented }))
        {
            json.WriteStartObject();
            json.WriteString("target", report.Target);
            json.WriteNumber("pairs", report.Pairs);
            json.WriteNumber("seconds", Round(report.Seconds));
            json.WriteNumber("pairs_per_sec", Round(report.PairsPerSec));
            json.WriteNumber("messages_per_sec", Round(report.MessagesPerSec));
            json.WriteStartObject("latency_ms");
            json.WriteNumber("p50", Round(report.LatencyMs[0]));
            json.WriteNumber("p99", Round(report.LatencyMs[1]));
            json.WriteNumber("p999", Round(report.LatencyMs[2]));
            json.WriteNumber("max", Round(report.LatencyMs[3]));
            json.WriteEndObject();
            json.WriteStartObject("errors");
            foreach (var (key, count) in report.Errors)
            {
                json.WriteNumber(key, count);
            }

            json.WriteEndObject();
            json.WriteNumber("lost", report.Lost);
            json.WriteNumber("duplicated", report.Duplicated);
            json.WriteNumber("misrouted", report.Misrouted);
            WriteOptional(json, "server_rss_mb", report.ServerRssMb);
            json.WriteNumber("out_of_order", report.OutOfOrder);
            json.WriteNumber("pairs_failed", report.PairsFailed);
            json.WriteNumber("messages", report.Messages);
            WriteOptional(json, "server_peak_rss_mb", report.ServerPeakRssMb);
            WriteOptional(json, "server_cpu_pct", report.ServerCpuPercent);
            json.WriteNumber("client_cpu_pct", Round(report.ClientCpuPercent));
            WriteOptional(json, "client_cpu_us_per_msg", report.ClientCpuUsPerMessage);
            if (report.Held is { } held)
            {
                json.WriteNumber("held", held);
                WriteOptional(json, "server_rss_idle_mb", report.ServerRssIdleMb);
                WriteOptional(json, "server_rss_held_mb", report.ServerRssHeldMb);
                WriteOptional(json, "rss_per_connection_kib", report.RssPerConnectionKib);
                WriteOptional(json, "gc_heap_per_connection_kib", report.GcHeapPerConnectionKib);
                WriteOptional(json, "other_anon_per_connection_kib", report.OtherAnonPerConnectionKib);
            }

            json.WriteEndObject();
        }

        return Encoding.UTF8.GetString(stream.ToArray());
    }

    /// <summary>A few readable lines for people.</summary>
    public static string ToText(LoadReport r)
    {
        var c = CultureInfo.InvariantCulture;
        var sb = new StringBuilder();
        sb.AppendLine(c, $"target        {r.Target}");
        sb.AppendLine(c, $"pairs         {r.Pairs} completed, {r.PairsFailed} failed in {r.Seconds:F2} s = {r.PairsPerSec:F1} pairs/s");
        sb.AppendLine(c, $"messages      {r.Messages} forwarded = {r.MessagesPerSec:F0} msg/s");
        sb.AppendLine(c, $"latency ms    p50 {r.LatencyMs[0]:F3}  p99 {r.LatencyMs[1]:F3}  p99.9 {r.LatencyMs[2]:F3}  max {r.LatencyMs[3]:F3}");
        sb.AppendLine(c, $"checks        lost {r.Lost}  duplicated {r.Duplicated}  misrouted {r.Misrouted}  out-of-order {r.OutOfOrder}");
        sb.AppendLine(c, $"errors        {(r.Errors.Count == 0 ? "none" : string.Join(", ", r.Errors.Select(e => $"{e.Key}: {e.Value}")))}");
        sb.AppendLine(c, $"server        rss {Text(r.ServerRssMb, "MiB")}  peak {Text(r.ServerPeakRssMb, "MiB")}  cpu {Text(r.ServerCpuPercent, "%")}  (load tool cpu {r.ClientCpuPercent:F0}%, {Text(r.ClientCpuUsPerMessage, "µs")} per message)");
        if (r.Held is { } held)
        {
            sb.AppendLine(c, $"hold          {held} connections: rss idle {Text(r.ServerRssIdleMb, "MiB")} -> held {Text(r.ServerRssHeldMb, "MiB")} = {Text(r.RssPerConnectionKib, "KiB")} per connection (GC heap {Text(r.GcHeapPerConnectionKib, "KiB")}, other anonymous {Text(r.OtherAnonPerConnectionKib, "KiB")})");
        }

        return sb.ToString();
    }

    private static string Text(double? value, string unit) =>
        value is { } v ? string.Create(CultureInfo.InvariantCulture, $"{v:F1} {unit}") : "n/a";

    private static double Round(double value) => Math.Round(value, 3);

    private static void WriteOptional(Utf8JsonWriter json, string name, double? value)
    {
        if (value is { } v)
        {
            json.WriteNumber(name, Round(v));
        }
        else
        {
            json.WriteNull(name);
        }
    }
}
