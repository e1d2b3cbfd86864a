using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Processes;

namespace Tandem.LatencyBench;

/// <summary>What one call measured at the app page.</summary>
/// <param name="FirstFrameSeconds">From the page's join to the first frame it showed.</param>
/// <param name="CaptureToDisplayMs">expectedDisplayTime − captureTime of each frame shown in the window.</param>
/// <param name="JitterBufferMs">The inbound video's mean jitter-buffer delay over the window.</param>
/// <param name="FramesPerSecond">Frames shown per second over the window.</param>
/// <param name="Width">The decoded width at the end.</param>
/// <param name="Height">The decoded height at the end.</param>
/// <param name="WithoutCaptureTime">Frames shown without a capture time (no sender report mapping yet).</param>
/// <param name="Setup">Milliseconds from the page's join to each step of the call's setup (role, offer, ICE, DTLS, first frame), in order.</param>
/// <param name="Timeline">Our glasses' frames in the window, from their own timeline; null for Chromium's.</param>
/// <param name="JitterBufferTargetMs">The jitter buffer's mean target delay over the window (with A/V sync).</param>
/// <param name="JitterBufferMinimumMs">Its mean minimum delay: the target the frames' jitter alone asks for, without A/V sync.</param>
/// <param name="AudioJitterBufferMs">The inbound audio's mean jitter-buffer delay and target over the window (what video is synchronised with).</param>
/// <param name="Sync">The page's lip-sync inputs second by second, from the first track to the window's end.</param>
/// <param name="Wire">How the glasses' audio crossed the wire at the call's start and later (<see cref="WireTrace"/>); null without a trace.</param>
internal sealed record RoundResult(double FirstFrameSeconds, IReadOnlyList<double> CaptureToDisplayMs, double JitterBufferMs, double FramesPerSecond, int Width, int Height,
    int WithoutCaptureTime, IReadOnlyList<(string Step, double Ms)> Setup, FrameTimeline? Timeline = null, double JitterBufferTargetMs = double.NaN, double JitterBufferMinimumMs = double.NaN,
    (double Delay, double Target) AudioJitterBufferMs = default, SyncTrace? Sync = null, WireTrace? Wire = null);

/// <summary>
/// One call through our server: the glasses (ours or Chromium) join first, as a device that is always on
/// does; then the server's /app page opens in Chromium with the probe installed, and what it shows is measured.
/// </summary>
internal sealed class Round(IBrowser browser, ChromiumGlassesPages pages, BenchOptions options)
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);
    private static readonly string Probe = File.ReadAllText(Path.Combine(AppContext.BaseDirectory, "probe.js"));

    public async Task<RoundResult> RunAsync(Sender sender, string uid)
    {
        Directory.CreateDirectory(options.Out);
        var wirePath = Path.Combine(options.Out, $"wire-{sender}-{uid}.txt".ToLowerInvariant());
        var wire = WireTrace.Start(wirePath);
        try
        {
            var result = await MeasureAsync(sender, uid);
            wire?.Dispose();
            wire = null;
            return result with { Wire = WireTrace.From(wirePath) };
        }
        finally
        {
            wire?.Dispose();
        }
    }

    private async Task<RoundResult> MeasureAsync(Sender sender, string uid)
    {
        await using var server = await ServerProcess.StartAsync();
        await using var glasses = await GlassesAsync(sender, server, uid);

        // The glasses must be the room's first member (they offer): their own "joined" only says the join was sent.
        await server.WaitForRoomAsync("glasses_" + uid, Wait);
        await Task.Delay(TimeSpan.FromSeconds(options.SettleSeconds));
        var context = await browser.NewContextAsync();
        try
        {
            await context.AddInitScriptAsync(Probe);
            var page = await context.NewPageAsync();
            await page.GotoAsync(new Uri(server.HttpUri, "app?id=app_" + uid).ToString());
            await WaitAsync(page, "tandemBench.frames.length > 0 && tandemBench.joinAt !== null", "the first frame at the app page");
            var firstFrame = await page.EvaluateAsync<double>("() => (tandemBench.frames[0][0] - tandemBench.joinAt) / 1000");

            if (options.WindowFromSync)
            {
                // Chromium's glasses send an audio SR every ~5 s, ours two in the first half second: the page's lip sync
                // starts seconds apart for the two, and a window before it compares a synced call with an unsynced one.
                if (!await WaitUntilAsync(page, "tandemBench.syncTrace.some(s => s[5] !== null && s[14] !== null)", Wait))
                {
                    Console.WriteLine($"    note: the page had no lip sync within {Wait.TotalSeconds} s (a call without audio?): the warm-up starts now");
                }
            }

            await Task.Delay(TimeSpan.FromSeconds(options.WarmupSeconds));
            var start = await page.EvaluateAsync<int>("() => tandemBench.frames.length");
            var before = await JitterBufferAsync(page);
            var windowStart = DateTime.UtcNow;
            await Task.Delay(TimeSpan.FromSeconds(options.Seconds));
            var after = await JitterBufferAsync(page);
            var windowEnd = DateTime.UtcNow;
            var frames = await page.EvaluateAsync<JsonElement>($"() => tandemBench.frames.slice({start})");
            Directory.CreateDirectory(options.Out);
            await File.WriteAllTextAsync(Path.Combine(options.Out, $"{sender}-offer.sdp".ToLowerInvariant()),
                await page.EvaluateAsync<string>("() => tandemBench.pcs[0]?.remoteDescription?.sdp ?? ''"));

            var latencies = new List<double>();
            var missing = 0;
            foreach (var frame in frames.EnumerateArray())
            {
                if (frame[2].ValueKind == JsonValueKind.Number)
                {
                    latencies.Add(frame[1].GetDouble() - frame[2].GetDouble());
                }
                else
                {
                    missing++;
                }
            }

            var marks = JsonSerializer.Deserialize<Dictionary<string, double>>(await page.EvaluateAsync<string>(
                "() => JSON.stringify(Object.fromEntries(Object.entries(tandemBench.marks).map(([k, v]) => [k, Math.round(v - tandemBench.joinAt)])))"))!;
            var setup = marks.Select(m => (m.Key, m.Value)).ToList();
            if (glasses is ChildProcess device)
            {
                // Our glasses' own notes on the page's timeline (both clocks are this machine's wall clock).
                var joinedAt = DateTime.UnixEpoch.AddMilliseconds(await page.EvaluateAsync<double>("() => performance.timeOrigin + tandemBench.joinAt"));
                setup.AddRange(device.TimedLines
                    .Where(l => l.At >= joinedAt.AddSeconds(-1) && !l.Line.StartsWith("status:", StringComparison.Ordinal) && !l.Line.StartsWith("joined as", StringComparison.Ordinal)
                        && !l.Line.StartsWith(FrameTimeline.Prefix, StringComparison.Ordinal))
                    .Select(l => ("glasses " + l.Line, Math.Round((l.At - joinedAt).TotalMilliseconds))));
            }

            setup.Sort((a, b) => a.Item2.CompareTo(b.Item2));
            var emitted = after.GetProperty("emitted").GetDouble() - before.GetProperty("emitted").GetDouble();
            double PerFrameMs(string name, string count = "emitted")
            {
                var n = after.GetProperty(count).GetDouble() - before.GetProperty(count).GetDouble();
                return n > 0 ? (after.GetProperty(name).GetDouble() - before.GetProperty(name).GetDouble()) / n * 1000 : double.NaN;
            }

            var jitterBuffer = PerFrameMs("delay");
            var sync = SyncTrace.From(await page.EvaluateAsync<JsonElement>("() => tandemBench.syncTrace"), await page.EvaluateAsync<double>("() => tandemBench.joinAt"));
            return new RoundResult(firstFrame, latencies, jitterBuffer, frames.GetArrayLength() / options.Seconds,
                after.GetProperty("width").GetInt32(), after.GetProperty("height").GetInt32(), missing, setup,
                glasses is ChildProcess ours ? FrameTimeline.From(ours.TimedLines, windowStart, windowEnd) : null, PerFrameMs("target"), PerFrameMs("minimum"),
                (PerFrameMs("audioDelay", "audioEmitted"), PerFrameMs("audioTarget", "audioEmitted")), sync);
        }
        finally
        {
            await context.CloseAsync();
        }
    }

    private async Task<IAsyncDisposable> GlassesAsync(Sender sender, ServerProcess server, string uid)
    {
        if (sender == Sender.Ours)
        {
            var device = Tandem.Testing.Processes.Tandem.Device(server, uid,
                ["--video", "testsrc", "--size", $"{options.Width}x{options.Height}", "--fps", "30", FrameTimeline.DeviceOption, .. options.OursArgs]);
            await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "our glasses' join", Wait);
            return device;
        }

        var context = await browser.NewContextAsync();
        var page = await context.NewPageAsync();
        var query = $"glasses.html?id=glasses_{uid}&ws={Uri.EscapeDataString(server.WebSocketUri)}&width={options.Width}&height={options.Height}";
        await page.GotoAsync(new Uri(pages.BaseUri, query).ToString());
        await WaitAsync(page, "(window.glassesLog ?? []).some(l => l === 'signaling joined')", "Chromium glasses' join");
        return new ContextCloser(context);
    }

    private static async Task<JsonElement> JitterBufferAsync(IPage page) =>
        await page.EvaluateAsync<JsonElement?>("() => tandemBench.jitterBuffer()") ?? throw new InvalidOperationException("the app page has no inbound video");

    internal static async Task WaitAsync(IPage page, string condition, string what)
    {
        if (!await WaitUntilAsync(page, condition, Wait))
        {
            throw new TimeoutException($"no {what} within {Wait.TotalSeconds} s: run the end-to-end browser tests to see whether calls work on this machine");
        }
    }

    // Whether the page's condition came true within the time (a call without audio never has lip sync to wait for).
    private static async Task<bool> WaitUntilAsync(IPage page, string condition, TimeSpan time)
    {
        var deadline = DateTime.UtcNow + time;
        while (!await page.EvaluateAsync<bool>($"() => {condition}"))
        {
            if (DateTime.UtcNow > deadline)
            {
                return false;
            }

            await Task.Delay(20);
        }

        return true;
    }

    internal sealed class ContextCloser(IBrowserContext context) : IAsyncDisposable
    {
        public async ValueTask DisposeAsync() => await context.CloseAsync();
    }
}
