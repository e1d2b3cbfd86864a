using System.Globalization;

namespace Tandem.LatencyBench;

/// <summary>
/// Our glasses' own account of the frames they sent in the measured window (<c>tandem device --frame-timeline</c>,
/// one <c>frame:</c> line per frame): p50 and p95 of each step from the camera to the network, in ms, and of the
/// frame size in kB. Where our capture→display goes before the packets reach the app.
/// </summary>
/// <remarks>
/// Also the audio frames our sender dropped as stale (read more than two frames after capture: its pump stalled), from the
/// status lines (<c>audio N stale</c>): in the window, and over the call until the window's end (the start included).
/// </remarks>
internal sealed record FrameTimeline(int Frames, (double P50, double P95) CapturedToEncoded, (double P50, double P95) Encode,
    (double P50, double P95) EncodedToFirstPacket, (double P50, double P95) FirstToLastPacket, (double P50, double P95) FrameKb)
{
    /// <summary>Audio frames dropped as stale in the window.</summary>
    public int AudioStale { get; init; }

    /// <summary>Audio frames dropped as stale from the start of the call to the window's end.</summary>
    public int AudioStaleInCall { get; init; }

    /// <summary>The argument that makes <c>tandem device</c> print the lines.</summary>
    public const string DeviceOption = "--frame-timeline";

    /// <summary>What starts each line.</summary>
    public const string Prefix = "frame: ";

    /// <summary>The frames whose line came between <paramref name="from"/> and <paramref name="to"/>; null when there were none.</summary>
    public static FrameTimeline? From(IEnumerable<(DateTime At, string Line)> lines, DateTime from, DateTime to)
    {
        var all = lines.ToList();
        var frames = all.Where(l => l.At >= from && l.At <= to && l.Line.StartsWith(Prefix, StringComparison.Ordinal)).Select(l => Fields(l.Line)).ToList();
        if (frames.Count == 0)
        {
            return null;
        }

        (double, double) Step(string name, double scale = 1)
        {
            var values = frames.Where(f => f.ContainsKey(name)).Select(f => f[name] * scale).ToList();
            return (Report.Percentile(values, 50), Report.Percentile(values, 95));
        }

        return new FrameTimeline(frames.Count, Step("captured-encoded"), Step("encode"), Step("encoded-first"), Step("first-last"), Step("bytes", 0.001))
        {
            AudioStale = all.Where(l => l.At >= from && l.At <= to).Sum(l => Stale(l.Line)),
            AudioStaleInCall = all.Where(l => l.At <= to).Sum(l => Stale(l.Line)),
        };
    }

    /// <summary>One line of text.</summary>
    public override string ToString() => string.Create(CultureInfo.InvariantCulture,
        $"our timeline ({Frames} frames, p50/p95): capture→encoded {CapturedToEncoded.P50:F1}/{CapturedToEncoded.P95:F1} ms (encoder {Encode.P50:F1}/{Encode.P95:F1}), " +
        $"encoded→first packet {EncodedToFirstPacket.P50:F1}/{EncodedToFirstPacket.P95:F1} ms, first→last packet {FirstToLastPacket.P50:F1}/{FirstToLastPacket.P95:F1} ms, " +
        $"frame {FrameKb.P50:F1}/{FrameKb.P95:F1} kB; audio frames dropped as stale {AudioStale} in the window, {AudioStaleInCall} in the call");

    // "status: connected  video … rtt 1.3 ms  audio 3 stale": the 3.
    private static int Stale(string line)
    {
        const string Suffix = " stale";
        if (!line.StartsWith("status:", StringComparison.Ordinal) || !line.EndsWith(Suffix, StringComparison.Ordinal))
        {
            return 0;
        }

        var head = line[..^Suffix.Length];
        return int.TryParse(head[(head.LastIndexOf(' ') + 1)..], NumberStyles.Integer, CultureInfo.InvariantCulture, out var count) ? count : 0;
    }

    // "frame: index=N key=0 bytes=B packets=P captured-encoded=MS encode=MS|- encoded-first=MS first-last=MS"
    private static Dictionary<string, double> Fields(string line)
    {
        var fields = new Dictionary<string, double>();
        foreach (var word in line[Prefix.Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries))
        {
            var parts = word.Split('=', 2);
            if (parts.Length == 2 && double.TryParse(parts[1], NumberStyles.Float, CultureInfo.InvariantCulture, out var value))
            {
                fields[parts[0]] = value;
            }
        }

        return fields;
    }
}
