using Tandem.Server.Tests.TestSupport;

namespace Tandem.Cli.Tests.Integration;

/// <summary>
/// What <c>tandem device</c> / <c>tandem app</c> print while they wait, pair, lose their peer or are
/// acted on by the server, word for word: data-channel sessions on loopback against the real server.
/// </summary>
public class SessionMessageTests
{
    private static readonly string[] DataOnLoopback = ["--no-video", "--no-audio", "--ice-address", "127.0.0.1"];

    private static string NewUid() => "cli" + Guid.NewGuid().ToString("N")[..10];

    [Fact]
    public async Task Device_NobodyJoins_OneWaitingLineNoStatusLinesThenExitFive()
    {
        await using var server = await ServerHost.StartAsync();
        var uid = NewUid();
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_" + uid, "--timeout", "2.5", .. DataOnLoopback]);

        Assert.Equal(5, await device.ExitCodeAsync());
        Assert.Equal(
            [
                $"joined as glasses_{uid} on {server.WebSocketUri}; waiting for app_{uid}",
                $"stderr: tandem: no peer joined within 2.5 s: is app_{uid} running against the same server ({server.WebSocketUri})?",
            ],
            device.Snapshot());
    }

    [Fact]
    public async Task Device_RoomTimesOutWhileWaiting_OneInfoLineAndJoinsAgainNoErrorLine()
    {
        await using var server = await ServerHost.StartAsync("RoomTimeoutSeconds=1");
        var uid = NewUid();
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_" + uid, "--timeout", "3.5", .. DataOnLoopback]);

        Assert.Equal(5, await device.ExitCodeAsync());
        var lines = device.Snapshot();
        Assert.Equal($"joined as glasses_{uid} on {server.WebSocketUri}; waiting for app_{uid}", lines[0]);
        Assert.Contains($"note: room_{uid} timed out: no counterpart joined within 1 s; joining again", lines);
        Assert.Equal([$"stderr: tandem: no peer joined within 3.5 s: is app_{uid} running against the same server ({server.WebSocketUri})?"],
            lines.Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("1005", StringComparison.Ordinal) || l.Contains("lost the signaling server", StringComparison.Ordinal));
    }

    [Fact]
    public async Task App_RoomClosedByOperator_SaysSoOnceAndPairsAgain()
    {
        await using var server = await ServerHost.StartAsync();
        var uid = NewUid();
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_" + uid, "--seconds", "8", .. DataOnLoopback]);
        await device.WaitForLineAsync($"joined as glasses_{uid} on {server.WebSocketUri}; waiting for app_{uid}");
        var app = CommandRun.App(["--server", server.WebSocketUri.ToString(), "--id", "app_" + uid, "--seconds", "6", .. DataOnLoopback]);
        await app.WaitForLineAsync("connected");

        Assert.True(server.Hub.CloseRoom("room_" + uid));

        await app.WaitForLineAsync($"note: room_{uid} was closed by the operator; joining again");
        await device.WaitForLineAsync($"note: room_{uid} was closed by the operator; joining again");
        await app.WaitForAsync(l => l == "connected", "the second connection", count: 2);
        Assert.Equal(0, await app.ExitCodeAsync());
        var lines = app.Snapshot();
        Assert.Equal(2, lines.Count(l => l == "connected"));
        Assert.DoesNotContain(lines, l => l.StartsWith("stderr: ", StringComparison.Ordinal) || l.Contains("lost the signaling server", StringComparison.Ordinal));
        Assert.Equal(0, await device.ExitCodeAsync());
    }

    [Fact]
    public async Task Device_AppLeaves_DepartureSaidOnceNoStatusLinesWhileWaiting()
    {
        await using var server = await ServerHost.StartAsync();
        var uid = NewUid();
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_" + uid, "--seconds", "5", .. DataOnLoopback]);
        await device.WaitForLineAsync($"joined as glasses_{uid} on {server.WebSocketUri}; waiting for app_{uid}");
        var app = CommandRun.App(["--server", server.WebSocketUri.ToString(), "--id", "app_" + uid, "--seconds", "1.5", .. DataOnLoopback]);

        Assert.Equal(0, await app.ExitCodeAsync());
        await device.WaitForLineAsync($"peer left: app_{uid} (left)");
        Assert.Equal(0, await device.ExitCodeAsync());
        var lines = device.Snapshot();
        Assert.Single(lines, l => l.Contains($"app_{uid}", StringComparison.Ordinal) && l.Contains("left", StringComparison.Ordinal));
        var left = Array.IndexOf(lines, $"peer left: app_{uid} (left)");
        Assert.DoesNotContain(lines.Skip(left), l => l.StartsWith("status: ", StringComparison.Ordinal));
        Assert.Contains(lines.Take(left), l => l.StartsWith("status: connected  ", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Device_DisconnectedByOperator_OneReasonAndExitFour()
    {
        await using var server = await ServerHost.StartAsync();
        var uid = NewUid();
        var device = CommandRun.Device(["--server", server.WebSocketUri.ToString(), "--id", "glasses_" + uid, .. DataOnLoopback]);
        await device.WaitForLineAsync($"joined as glasses_{uid} on {server.WebSocketUri}; waiting for app_{uid}");
        var connection = server.Hub.GetStatus().Connections.Single(c => c.DeviceId == "glasses_" + uid);

        Assert.True(server.Hub.DisconnectClient(connection.ConnectionId));

        Assert.Equal(4, await device.ExitCodeAsync());
        Assert.Equal(["stderr: tandem: server error 1001: disconnected by the operator"], device.Snapshot().Where(l => l.StartsWith("stderr: ", StringComparison.Ordinal)));
    }
}
