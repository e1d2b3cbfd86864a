using System.Diagnostics.Metrics;
using System.Globalization;
using System.Text;

namespace Tandem.Server.Admin.Metrics;

/// <summary>
/// The text exposition format (https://prometheus.io/docs/instrumenting/exposition_formats/):
/// <c># HELP</c> and <c># TYPE</c> lines, then one <c>name{labels} value</c> line per series.
/// </summary>
internal sealed partial class PrometheusExporter
{
    /// <summary>The Prometheus name: invalid characters become '_', the unit is appended, counters end in <c>_total</c>.</summary>
    public static string MetricName(Instrument instrument, PrometheusKind kind)
    {
        var name = LabelSet.Sanitize(instrument.Name, allowColon: true);
        var unit = instrument.Unit switch
        {
            "s" => "_seconds",
            "ms" => "_milliseconds",
            "By" => "_bytes",
            _ => "",
        };
        if (unit.Length > 0 && !name.EndsWith(unit, StringComparison.Ordinal))
        {
            name += unit;
        }

        return kind == PrometheusKind.Counter && !name.EndsWith("_total", StringComparison.Ordinal) ? name + "_total" : name;
    }

    private static string Render(IEnumerable<InstrumentSeries> all)
    {
        var text = new StringBuilder();
        foreach (var series in all.OrderBy(s => s.Instrument.Name, StringComparer.Ordinal))
        {
            var name = MetricName(series.Instrument, series.Kind);
            var help = series.Instrument.Description ?? series.Instrument.Name;
            text.Append("# HELP ").Append(name).Append(' ').Append(help.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\n", "\\n", StringComparison.Ordinal)).Append('\n');
            text.Append("# TYPE ").Append(name).Append(' ').Append(series.Kind.ToString().ToLowerInvariant()).Append('\n');
            // An instrument not measured yet shows one zero series, so a counter's first increment is
            // seen as an increase (rate() needs a starting point); it goes once labelled series exist.
            var values = series.Values.Count > 0
                ? series.Values.OrderBy(kv => kv.Key, StringComparer.Ordinal).ToList()
                : [new KeyValuePair<string, SeriesValue>("", new SeriesValue(series.Bounds.Length + 1))];
            foreach (var (labels, value) in values)
            {
                if (series.Kind == PrometheusKind.Histogram)
                {
                    RenderHistogram(text, name, labels, series.Bounds, value);
                }
                else
                {
                    Line(text, name, labels, value.Value);
                }
            }
        }

        return text.ToString();
    }

    private static void RenderHistogram(StringBuilder text, string name, string labels, double[] bounds, SeriesValue value)
    {
        var cumulative = 0L;
        for (var i = 0; i <= bounds.Length; i++)
        {
            cumulative += value.Buckets[i];
            var le = "le=\"" + (i < bounds.Length ? Number(bounds[i]) : "+Inf") + "\"";
            Line(text, name + "_bucket", labels.Length == 0 ? le : labels + "," + le, cumulative);
        }

        Line(text, name + "_sum", labels, value.Sum);
        Line(text, name + "_count", labels, value.Count);
    }

    private static void Line(StringBuilder text, string name, string labels, double value)
    {
        text.Append(name);
        if (labels.Length > 0)
        {
            text.Append('{').Append(labels).Append('}');
        }

        text.Append(' ').Append(Number(value)).Append('\n');
    }

    private static string Number(double value) => value switch
    {
        double.PositiveInfinity => "+Inf",
        double.NegativeInfinity => "-Inf",
        double.NaN => "NaN",
        _ => value.ToString("R", CultureInfo.InvariantCulture),
    };
}
