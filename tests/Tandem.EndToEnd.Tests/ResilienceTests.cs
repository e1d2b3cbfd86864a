using Tandem.Testing;
using Tandem.Testing.Processes;
using static Tandem.Testing.Processes.Tandem;

namespace Tandem.EndToEnd.Tests;

/// <summary>Crashes and restarts: the app process, and the signaling server.</summary>
public class ResilienceTests
{
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    private static bool Paired(string line) => line.StartsWith("paired with ", StringComparison.Ordinal);

    private static bool Video(string line) => MediaChecks.StatusFps(line) > 10;

    [Fact]
    public async Task AppKilledMidCall_Restarted_ResumesWithinGraceAndVideoPlaysWithinThreeSeconds()
    {
        // A looping clip rather than a live encoder: a keyframe request skips to the clip's next IDR at once.
        var directory = NewDirectory("crash");
        var clip = MediaChecks.MakeClip(directory);
        await using var server = await ServerProcess.StartAsync();
        await using var device = Device(server, "e2e_crash", ["--video", clip, "--fps", "25", .. Loopback]);
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
        var first = App(server, "e2e_crash", Loopback);
        await first.WaitForLineAsync(Video, "video flowing", Wait);

        await first.KillAsync();
        await first.DisposeAsync();
        await using var second = App(server, "e2e_crash", ["--record", directory, "--seconds", "2", .. Loopback]);

        // R30: the restarted app gets its held slot back (resumed), then video plays again.
        var resumed = await second.WaitForLineAsync(l => Paired(l) && l.EndsWith("(resumed)", StringComparison.Ordinal), "a resumed pairing", Wait);
        var firstFrame = await second.WaitForLineAsync(l => l.StartsWith("video: first frame", StringComparison.Ordinal), "the first video frame", Wait);
        Assert.True(firstFrame.At - resumed.At <= TimeSpan.FromSeconds(3),
            $"video came back {(firstFrame.At - resumed.At).TotalSeconds:0.00} s after the resumed pairing\n{second.Transcript()}\n{device.Transcript()}");
        Assert.Equal(0, await second.WaitForExitAsync(Wait));
        Assert.True(FfmpegTool.CountDecodedFrames(Path.Combine(directory, "video.h264")).Frames >= 40);
        Directory.Delete(directory, recursive: true);
    }

    [Fact]
    public async Task ServerRestarted_BothSidesReconnectAndRepairOnTheirOwn()
    {
        var directory = NewDirectory("restart");
        var clip = MediaChecks.MakeClip(directory);
        var server = await ServerProcess.StartAsync();
        var port = server.Port;
        await using var device = Device(server, "e2e_server", ["--video", clip, "--fps", "25", "--echo", .. Loopback]);
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the join", Wait);
        await using var app = App(server, "e2e_server", Loopback);
        await app.WaitForLineAsync(Video, "video flowing", Wait);

        await server.KillAsync();
        await server.DisposeAsync();
        var down = DateTime.UtcNow;
        await app.WaitForLineAsync(l => l == "note: lost the signaling server: reconnecting", "the drop noticed", Wait);
        await using var restarted = await ServerProcess.StartAsync(port);

        await app.WaitForLineAsync(Paired, "pairing again", Wait, after: down);
        await device.WaitForLineAsync(Paired, "pairing again", Wait, after: down);
        var reconnected = await app.WaitForLineAsync(l => l == "connected", "the new connection", Wait, after: down);
        await app.WaitForLineAsync(Video, "video after the restart", Wait, after: reconnected.At);
        Assert.Equal(0, await app.StopAsync(Wait));
        Directory.Delete(directory, recursive: true);
    }
}
