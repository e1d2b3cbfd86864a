using System.Diagnostics;
using Tandem.Testing;
using Tandem.Testing.Processes;

namespace Tandem.EndToEnd.Tests;

/// <summary>
/// The README's quick start, run as it is written: its build lines, then its three commands in a
/// network namespace of their own with nothing but loopback up (as on a container or a laptop
/// offline), where ICE must fall back to loopback by itself. Needs root for the namespace, like the
/// browser tests (hence their category).
/// </summary>
[Trait("Category", "Browser")]
public class QuickStartTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(60);
    private static readonly TimeSpan BuildWait = TimeSpan.FromMinutes(10);

    [Fact]
    public async Task ReadmeQuickStart_OnLoopbackOnlyMachine_AppRecordsVideoAndAudioAndEchoComesBack()
    {
        var root = Binaries.RepositoryRoot;
        var (setup, steps) = QuickStartBlock(File.ReadAllLines(Path.Combine(root, "README.md")));
        Assert.True(steps.Count == 3, $"the quick start has {steps.Count} numbered commands, not 3");
        var output = Path.Combine(root, "out");
        var outputExisted = Directory.Exists(output);
        var started = DateTime.UtcNow;

        foreach (var line in setup)
        {
            await using var build = ChildProcess.StartProgram("setup", "sh", ["-c", line], root);
            Assert.True(await build.WaitForExitAsync(BuildWait) == 0, $"'{line}' failed:\n{build.Transcript()}");
        }

        var ns = Namespace();
        await RunAsync("ip", "netns", "del", ns);
        Assert.Equal(0, await RunAsync("ip", "netns", "add", ns));
        try
        {
            Assert.Equal(0, await RunAsync("ip", "-n", ns, "link", "set", "lo", "up"));
            Assert.Equal(["lo"], (await OutputAsync("ip", "-n", ns, "-o", "link", "show")).Split('\n', StringSplitOptions.RemoveEmptyEntries)
                .Select(l => l.Split(':')[1].Trim()));
            ChildProcess Step(int n) => ChildProcess.StartProgram($"step {n}", "ip", ["netns", "exec", ns, "sh", "-c", "exec " + steps[n - 1]], root);

            await using var server = Step(1);
            await WaitForPortAsync(ns, 8000, server);
            await using var device = Step(2);
            await device.WaitForLineAsync(l => l.StartsWith("joined as glasses_123456", StringComparison.Ordinal), "the join", Wait);
            await using var app = Step(3);

            var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(90));
            var transcript = $"{app.Transcript()}\n{device.Transcript()}\n{server.Transcript()}";
            Assert.True(code == 0, $"the app exited with {code}\n{transcript}");
            Assert.Contains("data: echo: hello", app.Lines);
            foreach (var side in new[] { app, device })
            {
                Assert.Contains(side.Lines, l => l.StartsWith("note: no network interface but loopback: ICE gathers on 127.0.0.1", StringComparison.Ordinal)
                    && l.EndsWith(", so only peers on this machine can connect", StringComparison.Ordinal));
            }

            var video = Path.Combine(output, "video.h264");
            Assert.True(File.GetLastWriteTimeUtc(video) >= started, "out/video.h264 was not written by this run");
            var (frames, errors) = FfmpegTool.CountDecodedFrames(video);
            Assert.True(frames >= 200, $"ffprobe decoded {frames} frames of 10 s ({errors})\n{transcript}");
            var summary = MediaChecks.Summary(app.Lines);
            Assert.Equal(summary.Frames, frames);

            // Audio is recorded from the moment media flows, video from its first frame on: at least the 10 s.
            var (seconds, rms) = MediaChecks.Wav(Path.Combine(output, "audio.wav"));
            Assert.True(seconds >= 9.5, $"{seconds:0.00} s of audio recorded\n{transcript}");
            Assert.Equal(summary.AudioSeconds, seconds, 0.05);
            Assert.True(rms > 1000, $"audio RMS {rms:0}: the glasses' 440 Hz tone should be well above silence");
            Assert.Equal(0, await device.StopAsync(Wait));
        }
        finally
        {
            await RunAsync("ip", "netns", "del", ns);
            if (!outputExisted && Directory.Exists(output))
            {
                Directory.Delete(output, recursive: true);
            }
        }
    }

    /// <summary>
    /// The first <c>sh</c> block after the "## Quick start" heading: lines commented <c># once</c> are the
    /// build, lines commented <c># 1.</c>, <c># 2.</c>, ... the commands; the comments are not run.
    /// </summary>
    private static (List<string> Setup, List<string> Steps) QuickStartBlock(string[] readme)
    {
        var heading = Array.FindIndex(readme, l => l.StartsWith("## Quick start", StringComparison.Ordinal));
        Assert.True(heading >= 0, "README.md has no '## Quick start' section");
        var start = Array.FindIndex(readme, heading, l => l == "```sh") + 1;
        var end = Array.FindIndex(readme, start, l => l == "```");
        var (setup, steps) = (new List<string>(), new List<string>());
        foreach (var line in readme[start..end])
        {
            var parts = line.Split(" #", 2);
            var comment = parts.Length == 2 ? parts[1].Trim() : "";
            if (comment.StartsWith("once", StringComparison.Ordinal))
            {
                setup.Add(parts[0].Trim());
            }
            else if (comment.Length > 1 && char.IsAsciiDigit(comment[0]) && comment[1] == '.')
            {
                steps.Add(parts[0].Trim());
            }
        }

        return (setup, steps);
    }

    /// <summary>A namespace name of this run's own: from TANDEM_NETNS (so helpers on one machine do not collide), else tandem-qs.</summary>
    private static string Namespace() =>
        Environment.GetEnvironmentVariable("TANDEM_NETNS") is { Length: > 0 } prefix ? prefix + "-qs" : "tandem-qs";

    private static async Task<int> RunAsync(params string[] command)
    {
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardError = true, RedirectStandardOutput = true })!;
        await process.WaitForExitAsync();
        return process.ExitCode;
    }

    private static async Task<string> OutputAsync(params string[] command)
    {
        using var process = Process.Start(new ProcessStartInfo(command[0], command[1..]) { RedirectStandardOutput = true })!;
        var output = await process.StandardOutput.ReadToEndAsync();
        await process.WaitForExitAsync();
        return output;
    }

    /// <summary>Waits until something accepts TCP connections on 127.0.0.1:<paramref name="port"/> inside <paramref name="ns"/>.</summary>
    private static async Task WaitForPortAsync(string ns, int port, ChildProcess server)
    {
        var deadline = DateTime.UtcNow + Wait;
        while (await RunAsync("ip", "netns", "exec", ns, "bash", "-c", $"exec 3<>/dev/tcp/127.0.0.1/{port}") != 0)
        {
            Assert.False(server.HasExited || DateTime.UtcNow > deadline, $"the server is not listening on {port}:\n{server.Transcript()}");
            await Task.Delay(200);
        }
    }
}
