using System.Globalization;
using System.Text.Json;
using Microsoft.Playwright;
using Tandem.LatencyBench;
using Tandem.Testing;

// Capture→display latency, jitter buffer and time to first frame at the server's /app page in Chromium:
// our glasses (tandem device, in-process libx264) against Chromium glasses (its fake camera, its own
// H.264 encoder), same server, same app page, same run, quiet and with a busy loop on every core.
// Run through bench/latency.sh (a private network namespace: Chromium gathers no loopback candidates).
// bench/bwe.sh: the same page and probe through a shaped network (issue 15's scenarios).
if (args.Length > 0 && args[0] == "bwe")
{
    try
    {
        return await Tandem.LatencyBench.Bwe.BweCommand.RunAsync(args[1..]);
    }
    catch (Exception e) when (e is ArgumentException or FormatException)
    {
        Console.Error.WriteLine($"bwe bench: {e.Message}");
        Console.Error.WriteLine("usage: bench/bwe.sh [--scenarios cap,steps,loss,outage] [--rounds 1] [--size 1280x720] [--senders ours,chromium] [--ours-args \"ARGS\"] [--out DIR]");
        return 2;
    }
}

BenchOptions options;
try
{
    options = BenchOptions.Parse(args);
}
catch (Exception e) when (e is ArgumentException or FormatException)
{
    Console.Error.WriteLine($"latency bench: {e.Message}");
    Console.Error.WriteLine("usage: bench/latency.sh [--rounds 3] [--settle 3] [--warmup 4] [--seconds 10] [--size 1280x720] [--senders ours,chromium] [--loads quiet,hog] [--window-from sync|frame] [--ours-args \"ARGS\"] [--out DIR]");
    return 2;
}

using var playwright = await Playwright.CreateAsync();
await using var browser = await playwright.Chromium.LaunchAsync(ChromiumLaunch.Options());
await using var pages = new ChromiumGlassesPages();
var round = new Round(browser, pages, options);
var results = new List<(Load Load, Sender Sender, int Round, RoundResult Result)>();
var total = options.Rounds * options.Loads.Count * options.Senders.Count;
for (var r = 1; r <= options.Rounds; r++)
{
    foreach (var load in options.Loads)
    {
        await using var hog = load == Load.Hog ? CpuHog.Start() : null;
        foreach (var sender in options.Senders)
        {
            var uid = $"lat{r}{(int)load}{(int)sender}{Environment.ProcessId}";
            Console.WriteLine($"[{results.Count + 1}/{total}] round {r}, {load}, {sender} glasses …");
            var result = await round.RunAsync(sender, uid);
            results.Add((load, sender, r, result));
            Console.WriteLine("    setup: " + string.Join(", ", result.Setup.Select(m => string.Create(CultureInfo.InvariantCulture, $"{m.Step} {m.Ms:F0}"))) + " ms after the join");
            Console.WriteLine($"    first frame {result.FirstFrameSeconds:F2} s, capture→display p50 {Percentile(result.CaptureToDisplayMs, 50):F1} ms " +
                $"p95 {Percentile(result.CaptureToDisplayMs, 95):F1} ms, jitter buffer {result.JitterBufferMs:F1} ms (target {result.JitterBufferTargetMs:F1}, minimum {result.JitterBufferMinimumMs:F1}; audio {result.AudioJitterBufferMs.Delay:F1}, target {result.AudioJitterBufferMs.Target:F1}), {result.FramesPerSecond:F1} fps, " +
                $"{result.Width}x{result.Height}{(result.WithoutCaptureTime > 0 ? $", {result.WithoutCaptureTime} frames without capture time" : "")}");
            if (result.Timeline is { } timeline)
            {
                Console.WriteLine("    " + timeline);
            }

            if (result.Wire is { } wire)
            {
                Console.WriteLine("    " + wire);
            }

            if (result.Sync is { } sync)
            {
                Console.WriteLine("    " + sync);
                Directory.CreateDirectory(options.Out);
                await File.WriteAllTextAsync(Path.Combine(options.Out, $"sync-{r}-{load}-{sender}.md".ToLowerInvariant()), sync.ToTable());
            }
        }
    }
}

var report = Report.Build(options, results.Select(r => (r.Load, r.Sender, r.Result)).ToList());
Directory.CreateDirectory(options.Out);
await File.WriteAllTextAsync(Path.Combine(options.Out, "summary.md"), report);
await File.WriteAllTextAsync(Path.Combine(options.Out, "results.json"), JsonSerializer.Serialize(results.Select(r => new
{
    load = r.Load.ToString(), sender = r.Sender.ToString(), round = r.Round, r.Result.FirstFrameSeconds, r.Result.JitterBufferMs,
    r.Result.JitterBufferTargetMs, r.Result.JitterBufferMinimumMs, audioJitterBufferMs = r.Result.AudioJitterBufferMs.Delay, audioJitterBufferTargetMs = r.Result.AudioJitterBufferMs.Target, r.Result.FramesPerSecond, r.Result.Width, r.Result.Height, r.Result.WithoutCaptureTime, r.Result.CaptureToDisplayMs,
    setup = r.Result.Setup.ToDictionary(m => m.Step, m => m.Ms),
    timeline = r.Result.Timeline?.ToString(),
}), new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
Console.WriteLine();
Console.WriteLine(report);
Console.WriteLine($"written: {Path.Combine(options.Out, "summary.md")}, results.json");
return 0;

static double Percentile(IReadOnlyList<double> values, double p) => Report.Percentile(values, p);
