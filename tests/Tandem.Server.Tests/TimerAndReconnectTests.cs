using System.Net.WebSockets;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests;

public class TimerAndReconnectTests
{
    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task RoomTimeout_EndToEnd_1005AndClose4005_R19(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store, "RoomTimeoutSeconds=1");
        await using var glasses = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_1"));
        var error = await glasses.ReceiveAsync("error");
        Assert.Equal(1005, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Equal("glasses_1", error.GetProperty("to").GetString());
        var (code, reason) = await glasses.ClosedAsync();
        Assert.Equal(4005, (int?)code);
        Assert.Equal("room timeout", reason);
        Assert.Empty(server.Rooms);
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task JoinTimeout_EndToEnd_1005AndClose4005_R29(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store, "JoinTimeoutSeconds=1");
        await using var idle = await server.ConnectAsync();
        Assert.Equal(1005, await idle.ReceiveErrorCodeAsync());
        Assert.Equal(4005, (int?)(await idle.ClosedAsync()).Code);
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task Reconnect_WithinGrace_ResumesWithSameRoles_R30(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store, "ReconnectGraceSeconds=30");
        await using var glasses = await server.ConnectAsync();
        var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_1"));
        await TimerAndReconnectTests.WaitUntil(() => server.Rooms.Count == 1);
        await app.SendAsync(Messages.Join("app_1"));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");

        await app.DisposeAsync();
        await WaitUntil(() => server.Rooms.Single().Members.Any(m => !m.Online));
        await glasses.SendAsync(Messages.Relay("offer", "glasses_1", "app_1"));
        Assert.Equal(1006, await glasses.ReceiveErrorCodeAsync());

        await using var back = await server.ConnectAsync();
        await back.SendAsync(Messages.Join("app_1"));
        var appRole = await back.ReceiveAsync("role");
        var glassesRole = await glasses.ReceiveAsync("role");
        Assert.Equal("answerer", appRole.GetProperty("data").GetProperty("role").GetString());
        Assert.True(appRole.GetProperty("data").GetProperty("resumed").GetBoolean());
        Assert.Equal("offerer", glassesRole.GetProperty("data").GetProperty("role").GetString());
        Assert.True(glassesRole.GetProperty("data").GetProperty("resumed").GetBoolean());
        await glasses.SendAsync(Messages.Relay("offer", "glasses_1", "app_1"));
        await back.ReceiveAsync("offer");
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task Reconnect_GraceExpires_PeerGetsLeaveDisconnected_R30(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store, "ReconnectGraceSeconds=1");
        await using var glasses = await server.ConnectAsync();
        var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_1"));
        await app.SendAsync(Messages.Join("app_1"));
        await glasses.ReceiveAsync("role");
        app.Socket.Abort();
        await app.DisposeAsync();

        var leave = await glasses.ReceiveAsync("leave");
        Assert.Equal("app_1", leave.GetProperty("from").GetString());
        Assert.Equal("disconnected", leave.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal("WAITING", server.Rooms.Single().State);
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task DuplicateId_Replace_OldGets1001AndClose4001_R20(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store);
        await using var old = await server.ConnectAsync();
        await using var fresh = await server.ConnectAsync();
        await old.SendAsync(Messages.Join("glasses_1"));
        await WaitUntil(() => server.Rooms.Count == 1);
        await fresh.SendAsync(Messages.Join("glasses_1"));
        Assert.Equal(1001, await old.ReceiveErrorCodeAsync());
        Assert.Equal(4001, (int?)(await old.ClosedAsync()).Code);
        Assert.Equal(server.Rooms.Single().Members.Single().ConnectionId, server.Connections.Single(c => c.State == "JOINED").ConnectionId);
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task DuplicateId_RejectPolicy_NewGets1001_R20(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store, "DuplicateIdPolicy=reject");
        await using var old = await server.ConnectAsync();
        await using var fresh = await server.ConnectAsync();
        await old.SendAsync(Messages.Join("glasses_1"));
        await WaitUntil(() => server.Rooms.Count == 1);
        await fresh.SendAsync(Messages.Join("glasses_1"));
        Assert.Equal(1001, await fresh.ReceiveErrorCodeAsync());
        Assert.Equal(WebSocketState.Open, fresh.Socket.State);
        Assert.True(await old.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    internal static async Task WaitUntil(Func<bool> condition)
    {
        var deadline = DateTime.UtcNow + TimeSpan.FromSeconds(10);
        while (!condition())
        {
            Assert.True(DateTime.UtcNow < deadline, "condition not met within 10 s");
            await Task.Delay(20);
        }
    }
}
