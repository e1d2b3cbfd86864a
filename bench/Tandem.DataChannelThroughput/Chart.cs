using System.Globalization;
using System.Text;

namespace Tandem.DataChannelThroughput;

/// <summary>A horizontal bar chart (SVG) of median MB/s per pairing and message size, whiskers min-max.</summary>
internal static class Chart
{
    private const int Width = 760;
    private const int Left = 200;
    private const int BarHeight = 24;
    private const int Gap = 8;
    private const int GroupGap = 40;

    private static readonly Dictionary<Pairing, string> Colors = new()
    {
        [Pairing.OursToOurs] = "#90caf9",
        [Pairing.OursToChromium] = "#1976d2",
        [Pairing.ChromiumToOurs] = "#0d47a1",
        [Pairing.ChromiumToChromium] = "#9e9e9e",
    };

    public static string Svg(IReadOnlyList<Measurement> results, BenchOptions options)
    {
        var rows = options.Sizes.SelectMany(s => options.Pairings.Select(p => (Size: s, Pairing: p)))
            .Where(k => results.Any(r => r.MessageSize == k.Size && r.Pairing == k.Pairing)).ToList();
        var height = 60 + rows.Count * (BarHeight + Gap) + options.Sizes.Count * GroupGap;
        var top = results.Count == 0 ? 1 : results.Max(r => r.MegabytesPerSecond) * 1.18;
        double X(double v) => Left + (Width - Left - 90) * v / top;
        var svg = new StringBuilder();
        svg.AppendLine(CultureInfo.InvariantCulture, $"<svg xmlns=\"http://www.w3.org/2000/svg\" width=\"{Width}\" height=\"{height}\" font-family=\"sans-serif\" font-size=\"13\">");
        svg.AppendLine(CultureInfo.InvariantCulture, $"<rect width=\"{Width}\" height=\"{height}\" fill=\"white\"/>");
        svg.AppendLine(CultureInfo.InvariantCulture,
            $"<text x=\"10\" y=\"22\" font-size=\"15\" font-weight=\"bold\">Data-channel MB/s, median of {options.Rounds} (whiskers: min-max), 2 cores, veth</text>");
        var y = 40;
        foreach (var size in options.Sizes)
        {
            y += 14;
            svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"10\" y=\"{y}\" font-weight=\"bold\">{Report.SizeName(size)} messages</text>");
            y += 8;
            foreach (var (_, pairing) in rows.Where(k => k.Size == size))
            {
                var runs = results.Where(r => r.MessageSize == size && r.Pairing == pairing).Select(r => r.MegabytesPerSecond).ToList();
                var median = Report.Median(runs);
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{Left - 8}\" y=\"{y + (BarHeight * 0.7):F1}\" text-anchor=\"end\">{pairing.Name().Replace("->", "→", StringComparison.Ordinal)}</text>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<rect x=\"{Left}\" y=\"{y}\" width=\"{X(median) - Left:F1}\" height=\"{BarHeight}\" fill=\"{Colors[pairing]}\"/>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<line x1=\"{X(runs.Min()):F1}\" x2=\"{X(runs.Max()):F1}\" y1=\"{y + (BarHeight / 2)}\" y2=\"{y + (BarHeight / 2)}\" stroke=\"black\"/>");
                svg.AppendLine(CultureInfo.InvariantCulture, $"<text x=\"{X(Math.Max(median, runs.Max())) + 6:F1}\" y=\"{y + (BarHeight * 0.7):F1}\">{median:F1}</text>");
                y += BarHeight + Gap;
            }

            y += GroupGap - 14;
        }

        svg.AppendLine("</svg>");
        return svg.ToString();
    }
}
