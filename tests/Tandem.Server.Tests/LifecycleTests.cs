using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests;

public class LifecycleTests
{
    [Fact]
    public async Task Shutdown_ClosesSocketsWith1001GoingAway()
    {
        var server = await ServerHost.StartAsync();
        await using var glasses = await server.ConnectAsync();
        await using var idle = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_1"));
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
        var stopping = server.DisposeAsync();
        var (code, reason) = await glasses.ClosedAsync();
        Assert.Equal(1001, (int?)code);
        Assert.Equal("going away", reason);
        Assert.Equal(1001, (int?)(await idle.ClosedAsync()).Code);
        await stopping;
    }

    [Fact]
    public async Task Logs_ConnectionsRoomsAndErrors_OneLineEach()
    {
        await using var server = await ServerHost.StartAsync();
        await using (var glasses = await server.ConnectAsync())
        await using (var app = await server.ConnectAsync())
        {
            await glasses.SendAsync(Messages.Join("glasses_77"));
            await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
            await app.SendAsync(Messages.Join("app_77"));
            await glasses.ReceiveAsync("role");
            await app.ReceiveAsync("role");
            await app.SendAsync(Messages.Relay("answer", "app_77", "glasses_77", new() { ["type"] = "answer", ["sdp"] = "SECRET-SDP-BODY" }));
            await glasses.ReceiveAsync("answer");
            await app.SendAsync(Messages.Join("app_77"));
            await app.ReceiveAsync("error");
        }

        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Totals.Connections == 0);
        var lines = server.Logs.Lines.ToList();
        Assert.Contains(lines, l => l.Contains("opened from 127.0.0.1", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("room room_77 created by glasses_77", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("room room_77 paired: offerer glasses_77, answerer app_77", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("error 1003", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("forwarded answer", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("(app_77) from 127.0.0.1:", StringComparison.Ordinal) && l.Contains("closed: closed by client (1000", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("room room_77 destroyed", StringComparison.Ordinal));
        Assert.DoesNotContain(lines, l => l.Contains("SECRET-SDP-BODY", StringComparison.Ordinal));
        Assert.All(lines, l => Assert.DoesNotContain('\n', l));
    }

    [Fact]
    public async Task StatsLog_WrittenEveryInterval()
    {
        await using var server = await ServerHost.StartAsync("StatsIntervalSeconds=1");
        await TimerAndReconnectTests.WaitUntil(() => server.Logs.Lines.Any(l => l.StartsWith("Information: stats:", StringComparison.Ordinal)));
        Assert.Contains(server.Logs.Lines, l => l.Contains("forwarded offer=0 answer=0 ice=0 restart=0 leave=0", StringComparison.Ordinal));
    }
}
