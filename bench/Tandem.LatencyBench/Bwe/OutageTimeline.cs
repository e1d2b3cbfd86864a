using System.Globalization;
using System.Text;
using System.Text.Json;
using Microsoft.Playwright;

namespace Tandem.LatencyBench.Bwe;

/// <summary>
/// The outage scenario seen closely: from 1 s before the link comes back to 2 s after, every 50 ms, the app page's
/// inbound video counters and the frames it showed, lined up (on the Unix clock both processes share) with what the
/// sender did: our glasses' <c>--media-trace</c> lines, or Chromium glasses' outbound video counters, sampled on
/// their page like the app's. Written as <c>outage-SENDER.md</c> beside the summary.
/// </summary>
internal sealed class OutageTimeline
{
    /// <summary>How long the outage scenario's link is dead (its step starts it).</summary>
    public static readonly TimeSpan Outage = TimeSpan.FromSeconds(2);

    /// <summary>The span around the link's return that the timeline shows, in ms from it.</summary>
    private const double From = -1000, To = 2000;

    // Samples [Unix ms, ...counters] of the first connection's video stream every 50 ms for `ms`, into tandemOutage.
    // Each sample waits for the last (getStats is asynchronous and slower under load), so the spacing may grow.
    private const string Sampler = """
        ({ outbound, ms }) => {
          const samples = window.tandemOutage = [];
          const until = performance.now() + ms;
          const tick = async () => {
            const started = performance.now();
            if (started > until) return;
            const pc = window.tandemBench?.pcs?.[0];
            if (pc) {
              let v = null, pair = null, rtt = null;
              for (const s of (await pc.getStats()).values()) {
                if (s.type === (outbound ? 'outbound-rtp' : 'inbound-rtp') && s.kind === 'video') v = s;
                if (s.type === 'candidate-pair' && s.nominated && s.state === 'succeeded') pair = s;
                if (s.type === 'remote-inbound-rtp' && s.roundTripTime !== undefined) rtt = s.roundTripTime;
              }
              const at = performance.timeOrigin + performance.now();
              if (v && outbound) samples.push([at, v.packetsSent ?? 0, v.retransmittedPacketsSent ?? 0, v.nackCount ?? 0, v.pliCount ?? 0,
                v.framesEncoded ?? 0, v.keyFramesEncoded ?? 0, v.framesSent ?? 0, v.targetBitrate ?? 0, pair?.availableOutgoingBitrate ?? 0]);
              else if (v) samples.push([at, v.packetsReceived ?? 0, v.packetsLost ?? 0, v.framesReceived ?? 0, v.framesDecoded ?? 0,
                v.keyFramesDecoded ?? 0, v.framesDropped ?? 0, v.nackCount ?? 0, v.pliCount ?? 0, v.firCount ?? 0, v.jitterBufferDelay ?? 0,
                v.jitterBufferEmittedCount ?? 0, v.freezeCount ?? 0, v.retransmittedPacketsReceived ?? 0, v.jitterBufferTargetDelay ?? 0,
                v.jitterBufferMinimumDelay ?? 0, rtt ?? -1, pair?.currentRoundTripTime ?? -1]);
            }
            setTimeout(tick, Math.max(0, 50 - (performance.now() - started)));
          };
          tick();
        }
        """;

    /// <summary>Installed in Chromium glasses' page before its scripts: keeps its connections where <see cref="Sampler"/> looks.</summary>
    public const string GlassesCapture = """
        (() => {
          const Native = window.RTCPeerConnection;
          window.tandemBench = { pcs: [] };
          window.RTCPeerConnection = class extends Native { constructor(...a) { super(...a); window.tandemBench.pcs.push(this); } };
        })();
        """;

    /// <summary>The app page's samples.</summary>
    public required IReadOnlyList<double[]> Inbound { get; init; }

    /// <summary>Chromium glasses' samples (empty for ours).</summary>
    public required IReadOnlyList<double[]> Outbound { get; init; }

    /// <summary>Frames the app page showed: Unix ms, capture→display ms (NaN without a capture time).</summary>
    public required IReadOnlyList<(double At, double LatencyMs)> Shown { get; init; }

    /// <summary>Our glasses' <c>trace:</c> lines (empty for Chromium's).</summary>
    public required IReadOnlyList<string> SenderTrace { get; init; }

    /// <summary>When the link came back, Unix ms.</summary>
    public required double LinkBack { get; init; }

    /// <summary>The app page's <c>performance.timeOrigin</c> (Unix ms), which turns its clock into the Unix one.</summary>
    public required double PageOrigin { get; init; }

    /// <summary>When the link came back on the app page's clock (<c>performance.now()</c>, ms).</summary>
    public double LinkBackOnPage => LinkBack - PageOrigin;

    /// <summary>Starts sampling <paramref name="page"/> for <paramref name="seconds"/>.</summary>
    public static Task StartAsync(IPage page, bool outbound, double seconds) =>
        page.EvaluateAsync(Sampler, new { outbound, ms = seconds * 1000 });

    /// <summary>The samples <see cref="StartAsync"/> took on <paramref name="page"/>.</summary>
    public static async Task<IReadOnlyList<double[]>> ReadAsync(IPage? page) => page is null ? [] :
        [.. (await page.EvaluateAsync<JsonElement>("() => window.tandemOutage ?? []")).EnumerateArray().Select(s => s.EnumerateArray().Select(v => v.GetDouble()).ToArray())];

    /// <summary>The app page's shown frames on the Unix clock.</summary>
    public static async Task<IReadOnlyList<(double At, double LatencyMs)>> ShownAsync(IPage page)
    {
        var origin = await page.EvaluateAsync<double>("() => performance.timeOrigin");
        return [.. (await page.EvaluateAsync<JsonElement>("() => tandemBench.frames")).EnumerateArray()
            .Select(f => (origin + f[0].GetDouble(), f[2].ValueKind == JsonValueKind.Number ? f[1].GetDouble() - f[2].GetDouble() : double.NaN))];
    }

    /// <summary>Writes <c>NAME.md</c> (<see cref="ToMarkdown"/>) and, for our glasses, their raw trace as <c>NAME.trace.txt</c> into <paramref name="directory"/>; returns the first's path.</summary>
    public async Task<string> WriteAsync(string directory, string name, string sender)
    {
        Directory.CreateDirectory(directory);
        var file = Path.Combine(directory, name + ".md");
        await File.WriteAllTextAsync(file, ToMarkdown(sender));
        if (SenderTrace.Count > 0)
        {
            await File.WriteAllLinesAsync(Path.Combine(directory, name + ".trace.txt"), SenderTrace);
        }

        return file;
    }

    /// <summary>The timeline as markdown: first the milestones after the link came back, then a row per app-page sample.</summary>
    public string ToMarkdown(string sender)
    {
        var text = new StringBuilder();
        var rel = (double at) => at - LinkBack;
        var trace = SenderTrace.Select(Parse).Where(t => t.ContainsKey("at")).ToList();
        var samples = trace.Where(t => t.ContainsKey("target")).ToList();
        var frames = trace.Where(t => t.ContainsKey("frame")).ToList();
        text.AppendLine(CultureInfo.InvariantCulture, $"# Outage timeline: {sender} glasses → the /app page");
        text.AppendLine();
        text.AppendLine("Times in ms from when the link came back (every UDP packet had been dropped for 2 s). App page: `getStats` inbound video every ~50 ms, frames shown by `requestVideoFrameCallback`.");
        text.AppendLine();
        text.AppendLine("## Milestones");
        text.AppendLine();
        Milestone(text, "app: first packet received after", Inbound, 1, rel);
        Milestone(text, "app: first frame received (assembled) after", Inbound, 3, rel);
        Milestone(text, "app: first frame decoded after", Inbound, 4, rel);
        Milestone(text, "app: first keyframe decoded after", Inbound, 5, rel);
        Milestone(text, "app: first NACK sent after", Inbound, 7, rel);
        Milestone(text, "app: first PLI sent after", Inbound, 8, rel);
        text.AppendLine(CultureInfo.InvariantCulture, $"- app: first frame shown after: {Ms(Shown.FirstOrDefault(f => f.At > LinkBack).At, rel)}");
        if (frames.Count > 0)
        {
            text.AppendLine(CultureInfo.InvariantCulture, $"- sender: keyframes sent (last packet out): {string.Join(", ", frames.Where(f => f["key"] == "1" && rel(At(f)) > From).Select(f => $"{rel(At(f)):F0} ({f["packets"]} packets, {f["pacer"]} ms in the pacer, spread {f["spread"]} ms)"))}");
            var before = frames.Where(f => rel(At(f)) <= 0).ToList();
            text.AppendLine(CultureInfo.InvariantCulture, $"- sender: frames sent during the outage (last 2 s before the link came back): {before.Count(f => rel(At(f)) > -Outage.TotalMilliseconds)}");
        }

        if (Outbound.Count > 0)
        {
            Milestone(text, "sender: first keyframe encoded after", Outbound, 6, rel);
            Milestone(text, "sender: first NACK received after", Outbound, 3, rel);
        }

        text.AppendLine();
        text.AppendLine("Capture→display of the frames shown, median per 500 ms (frames in brackets), from 3 s before the link came back to 8 s after:");
        text.AppendLine();
        var bins = Enumerable.Range(-6, 22).Select(i => Shown.Where(f => rel(f.At) >= i * 500 && rel(f.At) < (i + 1) * 500 && !double.IsNaN(f.LatencyMs)).Select(f => f.LatencyMs).Order().ToList())
            .Select((l, i) => string.Create(CultureInfo.InvariantCulture, $"{(i - 6) * 0.5:+0.0;-0.0;0.0} s: {(l.Count > 0 ? l[l.Count / 2].ToString("F0", CultureInfo.InvariantCulture) : "-")} ({l.Count})"));
        text.AppendLine(string.Join(" · ", bins));
        text.AppendLine();
        text.AppendLine("## Every sample");
        text.AppendLine();
        text.AppendLine("App page columns: packets received Δ, packets lost (cumulative), frames received / decoded / keyframes decoded / dropped, NACKs / PLIs / FIRs sent, jitter buffer delay, target and minimum of the frames emitted since the last row (ms), the page's RTT from its own stream's reports and the ICE pair's (ms), freezes, RTX received; frames shown since the last row and the last one's capture→display (ms).");
        text.AppendLine(Outbound.Count > 0
            ? "Sender columns (Chromium glasses' outbound video): packets sent Δ, retransmitted, NACKs / PLIs received, frames encoded / keyframes encoded, target and available outgoing bitrate (kbit/s)."
            : "Sender columns (our glasses' `--media-trace`): packets sent Δ, resent, NACKs received, NACKed packets no longer held, PLIs received, target / sent / delivered kbit/s, loss, feedbacks; frames sent since the last row (K: keyframe, with its packets).");
        text.AppendLine();
        text.AppendLine("| t | pkts Δ | lost | recv | dec | key | drop | nack | pli | fir | jb ms | target | min | rtt | ice rtt | frz | rtx | shown | latency | sender |");
        text.AppendLine("|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|---|");
        double[]? previous = null;
        foreach (var s in Inbound)
        {
            var t = rel(s[0]);
            if (t < From || t > To)
            {
                previous = s;
                continue;
            }

            var since = previous?[0] ?? s[0] - 50;
            var shown = Shown.Where(f => f.At > since && f.At <= s[0]).ToList();
            var emitted = previous is null ? 0 : s[11] - previous[11];
            string PerFrame(int column) => emitted > 0 ? string.Create(CultureInfo.InvariantCulture, $"{(s[column] - previous![column]) * 1000 / emitted:F0}") : "";
            text.AppendLine(CultureInfo.InvariantCulture,
                $"| {t:F0} | {s[1] - (previous?[1] ?? s[1]):F0} | {s[2]:F0} | {s[3]:F0} | {s[4]:F0} | {s[5]:F0} | {s[6]:F0} | {s[7]:F0} | {s[8]:F0} | {s[9]:F0} | {PerFrame(10)} | {PerFrame(14)} | {PerFrame(15)} | {Seconds(s[16])} | {Seconds(s[17])} | {s[12]:F0} | {s[13]:F0} | {shown.Count} | {(shown.Count > 0 && !double.IsNaN(shown[^1].LatencyMs) ? shown[^1].LatencyMs.ToString("F0", CultureInfo.InvariantCulture) : "")} | {SenderCell(since, s[0], samples, frames)} |");
            previous = s;
        }

        return text.ToString();
    }

    private string SenderCell(double from, double to, List<Dictionary<string, string>> samples, List<Dictionary<string, string>> frames)
    {
        if (Outbound.Count > 0)
        {
            var now = Outbound.LastOrDefault(o => o[0] <= to);
            var then = Outbound.LastOrDefault(o => o[0] <= from);
            return now is null ? "" : string.Create(CultureInfo.InvariantCulture,
                $"{now[1] - (then?[1] ?? now[1]):F0} pkts, rtx {now[2]:F0}, nack {now[3]:F0}, pli {now[4]:F0}, enc {now[5]:F0}/{now[6]:F0} key, {now[8] / 1000:F0}/{now[9] / 1000:F0} kbit/s");
        }

        var a = samples.LastOrDefault(x => At(x) <= to);
        var b = samples.LastOrDefault(x => At(x) <= from);
        var sent = frames.Where(f => At(f) > from && At(f) <= to).Select(f => f["key"] == "1" ? $"K{f["frame"]}({f["packets"]})" : f["frame"]);
        return a is null ? "" : string.Create(CultureInfo.InvariantCulture,
            $"{Delta(a, b, "packets")} pkts, resent {a["resent"]}, nack {a["nacks"]}, gone {a["unavailable"]}, pli {a["keyframe-requests"]}, {a["target"]}/{a["sent"]}/{a["delivered"]} kbit/s, loss {a["loss"]}, fb {a["feedbacks"]}; frames {string.Join(" ", sent)}");
    }

    private static string Delta(Dictionary<string, string> a, Dictionary<string, string>? b, string key) =>
        b is not null && long.TryParse(a[key], CultureInfo.InvariantCulture, out var x) && long.TryParse(b[key], CultureInfo.InvariantCulture, out var y) ? (x - y).ToString(CultureInfo.InvariantCulture) : "";

    private void Milestone(StringBuilder text, string what, IReadOnlyList<double[]> samples, int column, Func<double, double> rel)
    {
        var before = samples.LastOrDefault(s => s[0] <= LinkBack);
        var first = before is null ? null : samples.FirstOrDefault(s => s[0] > LinkBack && s[column] > before[column]);
        text.AppendLine(CultureInfo.InvariantCulture, $"- {what}: {(first is null ? "none sampled" : Ms(first[0], rel))}");
    }

    // getStats' seconds as ms; the sampler writes -1 for what the page did not report.
    private static string Seconds(double value) => value < 0 ? "-" : (value * 1000).ToString("F0", CultureInfo.InvariantCulture);

    private static string Ms(double at, Func<double, double> rel) => at == 0 ? "none" : string.Create(CultureInfo.InvariantCulture, $"{rel(at):F0} ms");

    private static double At(Dictionary<string, string> line) => double.Parse(line["at"], CultureInfo.InvariantCulture);

    private static Dictionary<string, string> Parse(string line) =>
        line["trace: ".Length..].Split(' ', StringSplitOptions.RemoveEmptyEntries).Select(p => p.Split('=', 2)).Where(p => p.Length == 2).ToDictionary(p => p[0], p => p[1]);
}
