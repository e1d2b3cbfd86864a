using System.Globalization;
using System.Net;
using System.Text.Json;
using Microsoft.Playwright;
using Tandem.Testing;
using Tandem.Testing.Shaping;

namespace Tandem.LatencyBench.Bwe;

/// <summary>
/// <c>Tandem.LatencyBench bwe [--scenarios cap,steps,loss,outage] [--rounds N] [--size WxH] [--senders ours,chromium] [--ours-args "ARGS"] [--out DIR]</c>:
/// each scenario of issue 15 for each sender in turn, same run, same shaped network, same /app page.
/// </summary>
internal static class BweCommand
{
    public static async Task<int> RunAsync(string[] args)
    {
        var rest = args.ToList();
        var scenarios = Scenario.All;
        if (rest.IndexOf("--scenarios") is var at and >= 0 && at + 1 < rest.Count)
        {
            var names = rest[at + 1].Split(',');
            scenarios = [.. names.Select(n => Scenario.All.FirstOrDefault(s => s.Name == n) ?? throw new ArgumentException($"unknown scenario {n}: one of {string.Join(", ", Scenario.All.Select(s => s.Name))}"))];
            rest.RemoveRange(at, 2);
        }

        var options = BenchOptions.Parse([.. rest]);
        if (!rest.Contains("--out"))
        {
            options = options with { Out = "bench/results/bwe" };
        }

        await using var network = await ShapedNetwork.CreateAsync(impaired: true);
        await using var glassesPages = new ChromiumGlassesPages(IPAddress.Parse(ShapedNetwork.ServerAddress));
        using var playwright = await Playwright.CreateAsync();
        await using var appBrowser = await playwright.Chromium.LaunchAsync(ChromiumLaunch.Options());
        var glassesLaunch = GlassesBrowser(network, glassesPages.BaseUri);
        await using var glassesBrowser = await playwright.Chromium.LaunchAsync(glassesLaunch);

        // The wrapper has exec'd Chromium by now; nothing reads it again.
        File.Delete(glassesLaunch.ExecutablePath!);
        var round = new BweRound(appBrowser, glassesBrowser, glassesPages, network, options.Width, options.Height, options.OursArgs);
        var figures = new List<RunFigures>();
        var total = options.Rounds * scenarios.Count * options.Senders.Count;
        for (var r = 1; r <= options.Rounds; r++)
        {
            foreach (var scenario in scenarios)
            {
                foreach (var sender in options.Senders)
                {
                    Console.WriteLine($"[{figures.Count + 1}/{total}] round {r}, {scenario.Name} ({scenario.Description}), {sender} glasses, {scenario.Seconds} s …");
                    var run = await round.RunAsync(scenario, sender, $"bwe{r}{scenario.Name}{(int)sender}{Environment.ProcessId}");
                    var f = BweReport.Measure(scenario, sender, r, run);
                    if (run.Outage is { } outage)
                    {
                        Console.WriteLine($"    outage timeline: {await outage.WriteAsync(options.Out, $"outage-{sender.ToString().ToLowerInvariant()}{(options.Rounds > 1 ? $"-{r}" : "")}", sender.ToString())}");
                    }

                    if (scenario.KeepsFrames)
                    {
                        // Every frame the page showed: its time, RTP timestamp, last packet's arrival and the compositor's count.
                        var frames = Path.Combine(options.Out, $"frames-{scenario.Name}-{sender.ToString().ToLowerInvariant()}-{r}.tsv");
                        Directory.CreateDirectory(options.Out);
                        await File.WriteAllLinesAsync(frames, ["shown_ms\trtp\treceived_ms\tpresented\tlatency_ms",
                            .. run.Frames.Select(x => string.Create(CultureInfo.InvariantCulture,
                                $"{x.At - run.Start:F1}\t{x.RtpTimestamp}\t{x.ReceivedAt - run.Start:F1}\t{x.Presented}\t{x.LatencyMs:F1}"))]);
                    }

                    if (scenario.KeepsFrames && run.SenderTrace.Count > 0)
                    {
                        var file = Path.Combine(options.Out, $"{scenario.Name}-{sender.ToString().ToLowerInvariant()}-{r}.trace.txt");
                        Directory.CreateDirectory(options.Out);
                        await File.WriteAllLinesAsync(file, run.SenderTrace);
                        Console.WriteLine($"    sender trace: {file}");
                    }

                    if (run.Trace is { } trace)
                    {
                        await WriteTraceAsync(trace, run, scenario, sender, r, options.Out);
                    }

                    figures.Add(f);
                    foreach (var w in f.Windows)
                    {
                        Console.WriteLine(string.Create(CultureInfo.InvariantCulture,
                            $"    {w.Window}: p50 {w.P50Ms:F0} ms, p95 {w.P95Ms:F0} ms, {w.Freezes} freezes ({w.FrozenMs / 1000:F1} s), {w.FramesPerSecond:F1} fps, {w.Kbps:F0} kbit/s"));
                    }
                }
            }
        }

        var report = BweReport.Build(figures, options.Rounds, options.Width, options.Height);
        Directory.CreateDirectory(options.Out);
        await File.WriteAllTextAsync(Path.Combine(options.Out, "summary.md"), report);
        await File.WriteAllTextAsync(Path.Combine(options.Out, "results.json"), JsonSerializer.Serialize(figures.Select(f => new
        {
            f.Scenario, sender = f.Sender.ToString(), f.Round, f.Windows, f.RecoverySeconds, f.OutageRecoverySeconds, f.Retransmitted, f.Nacks, f.Dropped, f.Pli, f.Size,
        }), new JsonSerializerOptions { WriteIndented = true, NumberHandling = System.Text.Json.Serialization.JsonNumberHandling.AllowNamedFloatingPointLiterals }));
        Console.WriteLine();
        Console.WriteLine(report);
        Console.WriteLine($"written: {Path.Combine(options.Out, "summary.md")}, results.json");
        return 0;
    }

    // The trace explains the figures; a fault in it must not cost the run's figures.
    private static async Task WriteTraceAsync(BweTrace trace, BweRun run, Scenario scenario, Sender sender, int round, string directory)
    {
        var path = Path.Combine(directory, $"bwe-sync-{scenario.Name}-{sender.ToString().ToLowerInvariant()}-{round}.md");
        try
        {
            Directory.CreateDirectory(directory);
            await File.WriteAllTextAsync(path, trace.ToMarkdown(run, scenario, sender, round));
            Console.WriteLine($"    trace: {path}");
        }
        catch (Exception e) when (e is not OutOfMemoryException)
        {
            Console.WriteLine($"    trace not written ({e.GetType().Name}: {e.Message}); the figures go on");
        }
    }

    /// <summary>
    /// Chromium for the glasses, started in the glasses' namespace through a wrapper (Playwright talks to it over
    /// inherited pipes, which <c>ip netns exec</c> keeps); the pages' origin is no loopback there, so it is
    /// declared a secure context for the camera.
    /// </summary>
    private static BrowserTypeLaunchOptions GlassesBrowser(ShapedNetwork network, Uri pages)
    {
        var wrapper = Path.Combine(Path.GetTempPath(), $"tandem-chromium-{network.GlassesNamespace}.sh");
        File.WriteAllText(wrapper, $"#!/bin/sh\nexec ip netns exec {network.GlassesNamespace} {ChromiumLaunch.ExecutablePath} \"$@\"\n");
        if (!OperatingSystem.IsWindows())
        {
            File.SetUnixFileMode(wrapper, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute);
        }

        var options = ChromiumLaunch.Options();
        options.ExecutablePath = wrapper;
        options.Args = [.. options.Args!, "--unsafely-treat-insecure-origin-as-secure=" + pages.GetLeftPart(UriPartial.Authority)];
        return options;
    }
}
