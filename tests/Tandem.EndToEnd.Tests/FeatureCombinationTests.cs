using Tandem.Testing.Processes;
using static Tandem.Testing.Processes.Tandem;

namespace Tandem.EndToEnd.Tests;

/// <summary>Every combination of <c>--no-video/--no-audio/--no-data</c> on both sides works end to end.</summary>
public class FeatureCombinationTests
{
    private static readonly string[][] Combinations =
    [
        [], ["--no-video"], ["--no-audio"], ["--no-data"],
        ["--no-video", "--no-audio"], ["--no-video", "--no-data"], ["--no-audio", "--no-data"],
    ];

    [Fact]
    public async Task EveryCombination_TwoProcesses_CarryExactlyTheNegotiatedParts()
    {
        var directory = NewDirectory("combos");
        var clip = MediaChecks.MakeClip(directory);
        await using var server = await ServerProcess.StartAsync();

        // Three pairs at a time keeps 2 cores from starving the 3-second calls.
        using var slots = new SemaphoreSlim(3);
        var failures = await Task.WhenAll(Combinations.Select(async (off, index) =>
        {
            await slots.WaitAsync();
            try
            {
                return await RunAsync(server, clip, Path.Combine(directory, index.ToString(System.Globalization.CultureInfo.InvariantCulture)), "combo" + index, off);
            }
            finally
            {
                slots.Release();
            }
        }));

        Assert.True(failures.All(f => f is null), string.Join("\n\n", failures.Where(f => f is not null)));
        Directory.Delete(directory, recursive: true);
    }

    /// <summary>Runs one pair; returns null when it did what its flags say, else what went wrong.</summary>
    private static async Task<string?> RunAsync(ServerProcess server, string clip, string record, string uid, string[] off)
    {
        var (video, audio, data) = (!off.Contains("--no-video"), !off.Contains("--no-audio"), !off.Contains("--no-data"));
        string[] echo = data ? ["--echo"] : [];
        await using var device = Device(server, uid, ["--video", clip, "--fps", "25", "--quiet", .. echo, .. off, .. Loopback]);
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", TimeSpan.FromSeconds(30));
        string[] send = data ? ["--send", "ping " + uid] : [];
        await using var app = App(server, uid, ["--record", record, "--seconds", "3", "--quiet", .. send, .. off, .. Loopback]);
        var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));
        var problems = new List<string>();
        if (code != 0)
        {
            problems.Add($"exit code {code}");
        }
        else
        {
            var summary = MediaChecks.Summary(app.Lines);
            if (video != summary.Frames > 30)
            {
                problems.Add($"video {(video ? "on" : "off")} but {summary.Frames} frames");
            }

            if (audio != summary.AudioSeconds > 2)
            {
                problems.Add($"audio {(audio ? "on" : "off")} but {summary.AudioSeconds} s");
            }

            if (data != app.Lines.Contains("data: echo: ping " + uid))
            {
                problems.Add($"data {(data ? "on" : "off")} but the echo {(data ? "did not come back" : "came")}");
            }

            if (video != File.Exists(Path.Combine(record, "video.h264")) || audio != File.Exists(Path.Combine(record, "audio.wav")))
            {
                problems.Add("recorded files do not match the parts negotiated");
            }
        }

        return problems.Count == 0 ? null : $"[{string.Join(' ', off)}] {string.Join("; ", problems)}\n{app.Transcript()}\n{device.Transcript()}";
    }
}
