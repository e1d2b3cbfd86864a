using System.Globalization;
using System.Text;
using System.Text.Json;

namespace Tandem.LatencyBench;

/// <summary>
/// The page's lip-sync inputs over a call (probe.js samples <c>getStats</c> every 200 ms from the first track on), one
/// row per second since the page's join: what libwebrtc's A/V sync (<c>StreamSynchronization</c>) compares — the audio
/// path (NetEq's buffer against its target, the audio device's playout delay, how audio packets arrived) and the video
/// path (the jitter buffer's delay, target and minimum; target − minimum is the hold sync adds) — and the result,
/// audio's estimated playout capture time minus video's (both on the sender's clock through its SRs: 0 = in sync).
/// </summary>
internal sealed class SyncTrace
{
    // The columns probe.js pushes, in order.
    private const int T = 0, APackets = 1, ADelay = 2, AEmitted = 3, ATarget = 4, APlayout = 5, ARemoved = 6, AInserted = 7, AConcealed = 8,
        VPackets = 9, VDelay = 10, VEmitted = 11, VTarget = 12, VMinimum = 13, VPlayout = 14, PlayoutDelay = 15, PlayoutSamples = 16, ASrs = 17, VSrs = 18;

    // The page decodes Opus at 48 kHz (RFC 7587 §4.1), the rate its sample counters count in.
    private const double SamplesPerMs = 48;

    // Our glasses and Chromium's both send one Opus packet per 20 ms.
    private const double PacketMs = 20;

    private SyncTrace(IReadOnlyList<Row> rows) => Rows = rows;

    /// <summary>One second of the call.</summary>
    /// <param name="Second">Seconds since the page's join at the end of the second.</param>
    /// <param name="AudioPackets">Audio packets that arrived in it.</param>
    /// <param name="AudioBurstPackets">
    /// The most audio packets that arrived in one sample interval beyond what its duration holds at one per 20 ms (about 0–1 when
    /// they come evenly; the probe's timer may fire late, so a count per interval alone would not tell a burst).
    /// </param>
    /// <param name="AudioBufferMs">NetEq's mean delay per emitted sample (the audio jitter buffer).</param>
    /// <param name="AudioTargetMs">NetEq's mean target.</param>
    /// <param name="AcceleratedMs">Audio removed by acceleration (the buffer draining toward its target), ms.</param>
    /// <param name="DeceleratedMs">Audio inserted by deceleration, ms.</param>
    /// <param name="ConcealedMs">Audio concealed (nothing to play), ms.</param>
    /// <param name="PlayoutDelayMs">The audio device's mean playout delay.</param>
    /// <param name="VideoBufferMs">The video jitter buffer's mean delay per frame.</param>
    /// <param name="VideoTargetMs">Its mean target (A/V sync included).</param>
    /// <param name="VideoMinimumMs">Its mean minimum (the frames' jitter alone).</param>
    /// <param name="AudioAheadMs">
    /// Audio's estimated playout timestamp minus video's at the second's end: how far audio plays ahead of video on the sender's
    /// capture clock (NaN until the page can map both streams' RTP times to the sender's clock, i.e. until lip sync has its inputs).
    /// </param>
    /// <param name="AudioSrs">Sender reports the page has received for the audio by the second's end.</param>
    /// <param name="VideoSrs">And for the video.</param>
    internal sealed record Row(double Second, double AudioPackets, double AudioBurstPackets, double AudioBufferMs, double AudioTargetMs, double AcceleratedMs,
        double DeceleratedMs, double ConcealedMs, double PlayoutDelayMs, double VideoBufferMs, double VideoTargetMs, double VideoMinimumMs, double AudioAheadMs,
        double AudioSrs, double VideoSrs);

    /// <summary>The seconds of the call, in order.</summary>
    public IReadOnlyList<Row> Rows { get; }

    /// <summary>Seconds after the join when the page could first place both streams on the sender's clock (lip sync's inputs), or NaN.</summary>
    public double SyncFromSeconds => Rows.FirstOrDefault(r => !double.IsNaN(r.AudioAheadMs))?.Second ?? double.NaN;

    /// <summary>Builds the trace from the probe's raw samples; <paramref name="joinAt"/> is the page's join on the same clock.</summary>
    public static SyncTrace From(JsonElement samples, double joinAt)
    {
        var raw = samples.EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.ValueKind == JsonValueKind.Number ? v.GetDouble() : double.NaN).ToArray()).ToList();
        return new SyncTrace(Summarise(raw, joinAt));
    }

    /// <summary>Per-second rows from raw samples (each the probe's cumulative counters at one instant, in ms since the page's time origin).</summary>
    internal static IReadOnlyList<Row> Summarise(IReadOnlyList<double[]> raw, double joinAt)
    {
        var rows = new List<Row>();
        var start = 0;
        for (var i = 1; i < raw.Count; i++)
        {
            var second = Math.Floor((raw[i][T] - joinAt) / 1000);
            var last = i == raw.Count - 1 || Math.Floor((raw[i + 1][T] - joinAt) / 1000) != second;
            if (!last)
            {
                continue;
            }

            var a = raw[start];
            var b = raw[i];
            double Delta(int column) => b[column] - a[column];
            double PerUnit(int sum, int count) => Delta(count) > 0 ? Delta(sum) / Delta(count) * 1000 : double.NaN;
            double AudioMs(int column) => Delta(column) / SamplesPerMs;
            var burst = 0.0;
            for (var j = start + 1; j <= i; j++)
            {
                burst = Math.Max(burst, raw[j][APackets] - raw[j - 1][APackets] - ((raw[j][T] - raw[j - 1][T]) / PacketMs));
            }

            rows.Add(new Row((b[T] - joinAt) / 1000, Delta(APackets), burst, PerUnit(ADelay, AEmitted), PerUnit(ATarget, AEmitted), AudioMs(ARemoved),
                AudioMs(AInserted), AudioMs(AConcealed), PerUnit(PlayoutDelay, PlayoutSamples), PerUnit(VDelay, VEmitted), PerUnit(VTarget, VEmitted),
                PerUnit(VMinimum, VEmitted), b[APlayout] - b[VPlayout], b.Length > VSrs ? b[ASrs] : double.NaN, b.Length > VSrs ? b[VSrs] : double.NaN));
            start = i;
        }

        return rows;
    }

    /// <summary>The trace as a Markdown table.</summary>
    public string ToTable()
    {
        var text = new StringBuilder();
        text.AppendLine("| s after join | audio packets (burst) | audio buffer / target | accelerated / decelerated / concealed | playout delay | video buffer / target / minimum | audio ahead of video | SRs audio / video |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var r in Rows)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {r.Second:F1} | {r.AudioPackets:F0} ({r.AudioBurstPackets:F0}) | {r.AudioBufferMs:F1} / {r.AudioTargetMs:F1} ms | {r.AcceleratedMs:F0} / {r.DeceleratedMs:F0} / {r.ConcealedMs:F0} ms | {r.PlayoutDelayMs:F1} ms | {r.VideoBufferMs:F1} / {r.VideoTargetMs:F1} / {r.VideoMinimumMs:F1} ms | {r.AudioAheadMs:F0} ms | {r.AudioSrs:F0} / {r.VideoSrs:F0} |");
        }

        return text.ToString();
    }

    /// <summary>
    /// One line: when the page first held video for sync (target 5 ms or more above the minimum), the audio buffer's
    /// excess over its target in the first seconds of audio and at the end, the largest audio burst.
    /// </summary>
    public override string ToString()
    {
        var withAudio = Rows.Where(r => !double.IsNaN(r.AudioBufferMs)).ToList();
        var held = Rows.FirstOrDefault(r => r.VideoTargetMs - r.VideoMinimumMs >= 5);
        var first = withAudio.Take(3).ToList();
        var end = withAudio.TakeLast(3).ToList();
        static string Excess(List<Row> rows) => rows.Count == 0 ? "-" : string.Join('/', rows.Select(r => (r.AudioBufferMs - r.AudioTargetMs).ToString("F0", CultureInfo.InvariantCulture)));
        return string.Create(CultureInfo.InvariantCulture,
            $"sync trace: both streams on the sender's clock from {SyncFromSeconds:F1} s; video held for sync from {(held is null ? "never" : $"{held.Second:F1} s (+{held.VideoTargetMs - held.VideoMinimumMs:F0} ms)")}; " +
            $"audio buffer − target first 3 s {Excess(first)} ms, last 3 s {Excess(end)} ms; largest audio burst {(Rows.Count == 0 ? 0 : Rows.Max(r => r.AudioBurstPackets)):F0} packets beyond one per 20 ms; " +
            $"audio ahead of video at the end {(Rows.Count == 0 ? double.NaN : Rows[^1].AudioAheadMs):F0} ms");
    }
}
