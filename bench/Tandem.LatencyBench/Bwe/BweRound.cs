using System.Diagnostics;
using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;
using Tandem.Testing.Shaping;

namespace Tandem.LatencyBench.Bwe;

/// <summary>
/// A frame the app page showed: when (page clock, ms) and its capture→display latency (null without a capture time); its RTP
/// timestamp, when its last packet arrived (page clock) and requestVideoFrameCallback's count of frames presented so far, where
/// the page gives them.
/// </summary>
internal sealed record ShownFrame(double At, double? LatencyMs, double? RtpTimestamp = null, double? ReceivedAt = null, double? Presented = null);

/// <summary>The app page's inbound video counters at one instant (page clock, ms).</summary>
internal sealed record StatsSample(double At, double Bytes, double Retransmitted, double Decoded, double Dropped, double Pli, int Width, int Height, double Nacks);

/// <summary>One sender through one scenario: the frames shown and the stats, on the page's clock; <paramref name="Start"/> is the first frame;
/// <paramref name="Outage"/> is the close look at the outage scenario's return (null in the others).</summary>
internal sealed record BweRun(double Start, IReadOnlyList<ShownFrame> Frames, IReadOnlyList<StatsSample> Samples, OutageTimeline? Outage = null)
{
    /// <summary>Where the latency sat, second by second (page buffers; our glasses' target, queue and frames).</summary>
    public BweTrace? Trace { get; init; }

    /// <summary>Our glasses' <c>--media-trace</c> lines in the steps, loss and outage scenarios (empty otherwise).</summary>
    public IReadOnlyList<string> SenderTrace { get; init; } = [];
}

/// <summary>
/// One call through the shaped network: the glasses (ours, or Chromium's in a browser that runs in the glasses'
/// namespace) join first, the /app page opens in this namespace's Chromium with the latency probe, and the
/// scenario's shaping is applied on its timeline from the first frame shown.
/// </summary>
internal sealed class BweRound(IBrowser appBrowser, IBrowser glassesBrowser, ChromiumGlassesPages glassesPages, ShapedNetwork network, int width, int height, IReadOnlyList<string> oursArgs)
{
    private const string Inbound = """
        async () => {
          for (const pc of tandemBench.pcs) {
            for (const s of (await pc.getStats()).values()) {
              if (s.type === 'inbound-rtp' && s.kind === 'video')
                return [performance.now(), s.bytesReceived ?? 0, s.retransmittedPacketsReceived ?? 0, s.framesDecoded ?? 0, s.framesDropped ?? 0, s.pliCount ?? 0, s.frameWidth ?? 0, s.frameHeight ?? 0, s.nackCount ?? 0];
            }
          }
          return null;
        }
        """;

    private static readonly string Probe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "probe.js"));

    public async Task<BweRun> RunAsync(Scenario scenario, Sender sender, string uid)
    {
        await Scenario.ResetAsync(network);
        foreach (var step in scenario.Steps.Where(s => s.AtSeconds == 0))
        {
            await step.Apply(network);
        }

        await using var server = await ServerProcess.StartOnAsync("0.0.0.0");
        var signaling = $"ws://{ShapedNetwork.ServerAddress}:{server.Port}/";
        var outageAt = scenario.Steps.FirstOrDefault(s => s.Label.EndsWith("outage", StringComparison.Ordinal))?.AtSeconds;
        var (glasses, glassesPage) = await GlassesAsync(sender, signaling, uid, outageAt is not null || scenario.KeepsFrames);
        await using var glassesCloser = glasses;

        // The glasses must be the room's first member (they offer, as in every round): their own "joined" only says the join was sent.
        await server.WaitForRoomAsync("glasses_" + uid, TimeSpan.FromSeconds(30));
        double? linkBack = null;
        var context = await appBrowser.NewContextAsync();
        try
        {
            await context.AddInitScriptAsync(Probe);
            var page = await context.NewPageAsync();
            await page.GotoAsync($"http://127.0.0.1:{server.Port}/app?id=app_{uid}");
            await Round.WaitAsync(page, "tandemBench.frames.length > 0", "the first frame at the app page");
            var start = await page.EvaluateAsync<double>("() => tandemBench.frames[0][0]");
            var startedAt = DateTime.UtcNow;
            var clock = Stopwatch.StartNew();
            var samples = new List<StatsSample>();
            var pending = new Queue<ShapingStep>(scenario.Steps.Where(s => s.AtSeconds > 0).OrderBy(s => s.AtSeconds));
            var nextProgress = 5.0;
            var sampling = false;
            while (clock.Elapsed.TotalSeconds < scenario.Seconds)
            {
                var now = clock.Elapsed.TotalSeconds;
                while (pending.TryPeek(out var step) && step.AtSeconds <= now)
                {
                    await pending.Dequeue().Apply(network);
                    if (step.AtSeconds == outageAt)
                    {
                        linkBack = (DateTimeOffset.UtcNow + OutageTimeline.Outage).ToUnixTimeMilliseconds();
                    }

                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture, $"      {now,5:F1} s  {step.Label}"));
                }

                if (outageAt is { } o && now >= o - 0.5 && !sampling)
                {
                    // From just before the outage to 3 s after it: the timeline shows 1 s before the link's return to 2 s after.
                    sampling = true;
                    var span = 0.5 + OutageTimeline.Outage.TotalSeconds + 3;
                    await OutageTimeline.StartAsync(page, outbound: false, span);
                    if (glassesPage is not null)
                    {
                        await OutageTimeline.StartAsync(glassesPage, outbound: true, span);
                    }
                }

                if (await page.EvaluateAsync<JsonElement?>(Inbound) is { ValueKind: JsonValueKind.Array } s)
                {
                    samples.Add(new StatsSample(s[0].GetDouble(), s[1].GetDouble(), s[2].GetDouble(), s[3].GetDouble(), s[4].GetDouble(), s[5].GetDouble(), s[6].GetInt32(), s[7].GetInt32(), s[8].GetDouble()));
                }

                if (now >= nextProgress && samples.Count > 10)
                {
                    nextProgress += 5;
                    var (a, b) = (samples[^11], samples[^1]);
                    var shown = await page.EvaluateAsync<int>($"() => tandemBench.frames.filter(f => f[0] >= {Js(b.At - 5000)}).length");
                    Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                        $"      {now,5:F1} s  {shown / 5.0,4:F1} frames shown/s ({(b.Decoded - a.Decoded) * 1000 / (b.At - a.At):F1} decoded/s), {(b.Bytes - a.Bytes) * 8 / (b.At - a.At):F0} kbit/s received, {b.Width}x{b.Height}, {b.Retransmitted:F0} retransmitted, {b.Nacks:F0} NACKs, {b.Dropped:F0} dropped"));
                }

                await Task.Delay(500);
            }

            var frames = (await page.EvaluateAsync<JsonElement>("() => tandemBench.frames")).EnumerateArray()
                .Select(f => new ShownFrame(f[0].GetDouble(), f[2].ValueKind == JsonValueKind.Number ? f[1].GetDouble() - f[2].GetDouble() : null,
                    Number(f, 3), Number(f, 4), Number(f, 5))).ToList();
            var outage = linkBack is { } back ? new OutageTimeline
            {
                Inbound = await OutageTimeline.ReadAsync(page),
                Outbound = await OutageTimeline.ReadAsync(glassesPage),
                Shown = await OutageTimeline.ShownAsync(page),
                SenderTrace = glasses is ChildProcess device ? [.. device.Lines.Where(l => l.StartsWith("trace: ", StringComparison.Ordinal))] : [],
                LinkBack = back,
                PageOrigin = await page.EvaluateAsync<double>("() => performance.timeOrigin"),
            } : null;
            return new BweRun(start, frames, samples, outage)
            {
                Trace = await TraceAsync(page, start, startedAt, glasses as ChildProcess),
                SenderTrace = glasses is ChildProcess traced ? [.. traced.Lines.Where(l => l.StartsWith("trace: ", StringComparison.Ordinal))] : [],
            };
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    /// <summary>The glasses, and Chromium glasses' page; with <paramref name="trace"/> ours print <c>--media-trace</c> and Chromium's page keeps its connection for <see cref="OutageTimeline"/>.</summary>
    private async Task<(IAsyncDisposable Glasses, IPage? Page)> GlassesAsync(Sender sender, string signaling, string uid, bool trace)
    {
        if (sender == Sender.Ours)
        {
            var device = ChildProcess.StartProgram("glasses", "ip", [
                "netns", "exec", network.GlassesNamespace, "dotnet", Binaries.Tandem, "device", "--server", signaling,
                "--id", "glasses_" + uid, "--video", "testsrc", "--size", $"{width}x{height}", "--fps", "30", "--frame-timeline", .. oursArgs, .. trace ? ["--media-trace"] : Array.Empty<string>()]);
            return (device, null);
        }

        var context = await glassesBrowser.NewContextAsync();
        if (trace)
        {
            await context.AddInitScriptAsync(OutageTimeline.GlassesCapture);
        }

        var page = await context.NewPageAsync();
        await page.GotoAsync(new Uri(glassesPages.BaseUri, $"glasses.html?id=glasses_{uid}&ws={Uri.EscapeDataString(signaling)}&width={width}&height={height}").ToString());
        return (new Round.ContextCloser(context), page);
    }

    private static async Task<BweTrace> TraceAsync(IPage page, double start, DateTime startedAt, ChildProcess? device)
    {
        var joinAt = await page.EvaluateAsync<double>("() => tandemBench.joinAt ?? 0");
        var sync = SyncTrace.From(await page.EvaluateAsync<JsonElement>("() => tandemBench.syncTrace"), joinAt);
        var joinToStart = (start - joinAt) / 1000;
        var lines = device?.TimedLines.Select(l => new DeviceLine((l.At - startedAt).TotalSeconds, l.Line)).ToList() ?? [];
        return new BweTrace(sync, joinToStart, lines);
    }

    private static double? Number(JsonElement array, int index) =>
        array.GetArrayLength() > index && array[index].ValueKind == JsonValueKind.Number ? array[index].GetDouble() : null;

    private static string Js(double value) => value.ToString("F1", CultureInfo.InvariantCulture);
}
