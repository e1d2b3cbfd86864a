using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests;

public class SignalingFlowTests
{
    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task FullSession_JoinPairRelayLeave_R17_R18_R22_R23_R25(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store);
        await using var glasses = await server.ConnectAsync();
        await using var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_123456"));
        Assert.True(await glasses.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        await app.SendAsync(Messages.Join("app_123456"));

        var glassesRole = await glasses.ReceiveAsync("role");
        var appRole = await app.ReceiveAsync("role");
        Assert.Equal("app_123456", glassesRole.GetProperty("device_id").GetString());
        Assert.Equal("server", glassesRole.GetProperty("from").GetString());
        Assert.Equal("glasses_123456", glassesRole.GetProperty("to").GetString());
        Assert.Equal("offerer", glassesRole.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("app_123456", glassesRole.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.Equal("room_123456", glassesRole.GetProperty("data").GetProperty("room_id").GetString());
        Assert.Equal("answerer", appRole.GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("glasses_123456", appRole.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.InRange(appRole.GetProperty("time").GetInt64(), Messages.Now - 60_000_000, Messages.Now + 1);

        var offer = Messages.Relay("offer", "glasses_123456", "app_123456").With("custom", 7);
        await glasses.SendAsync(offer);
        var forwarded = await app.ReceiveAsync("offer");
        Assert.Equal(offer["data"]!["sdp"]!.GetValue<string>(), forwarded.GetProperty("data").GetProperty("sdp").GetString());
        Assert.Equal(7, forwarded.GetProperty("custom").GetInt32());
        Assert.Equal(offer["time"]!.GetValue<long>(), forwarded.GetProperty("time").GetInt64());
        Assert.Equal("room_123456", forwarded.GetProperty("room_id").GetString());
        Assert.InRange(forwarded.GetProperty("server_time").GetInt64(), Messages.Now - 60_000_000, Messages.Now + 1);

        await app.SendAsync(Messages.Relay("answer", "app_123456", "glasses_123456"));
        await glasses.ReceiveAsync("answer");
        var candidate = new JsonObject { ["candidate"] = "candidate:1 1 udp 2122260223 10.77.0.1 50000 typ host", ["sdpMid"] = "0", ["sdpMLineIndex"] = 0 };
        await app.SendAsync(Messages.Relay("ice", "app_123456", "glasses_123456", candidate));
        Assert.Equal("0", (await glasses.ReceiveAsync("ice")).GetProperty("data").GetProperty("sdpMid").GetString());

        await glasses.SendAsync(Messages.Leave("glasses_123456"));
        var leave = await app.ReceiveAsync("leave");
        Assert.Equal("glasses_123456", leave.GetProperty("from").GetString());
        Assert.Equal("room_123456", leave.GetProperty("room_id").GetString());
        Assert.Equal(WebSocketState.Open, glasses.Socket.State);
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task ManyPairsConcurrently_EveryMessageOnceInOrderToTheRightPeer_R22(string store)
    {
        // Ordering under volume is under test, not the per-connection rates (R39): those are off.
        await using var server = await SignalingTarget.StartAsync(store, ServerHost.NoRateLimits);
        const int Pairs = 40;
        const int PerSide = 50;
        var tasks = Enumerable.Range(0, Pairs).Select(async i =>
        {
            var uid = "p" + i;
            // The pair's two members on different nodes (of a cluster), the homes alternating.
            await using var glasses = await server.ConnectAsync(i);
            await using var app = await server.ConnectAsync(i + 1);
            await glasses.SendAsync(Messages.Join("glasses_" + uid));
            await app.SendAsync(Messages.Join("app_" + uid));
            await glasses.ReceiveAsync("role");
            await app.ReceiveAsync("role");
            var sends = Task.WhenAll(
                Task.Run(async () =>
                {
                    for (var n = 0; n < PerSide; n++)
                    {
                        await glasses.SendAsync(Messages.Relay("ice", "glasses_" + uid, "app_" + uid, new JsonObject { ["n"] = n, ["uid"] = uid }));
                    }
                }),
                Task.Run(async () =>
                {
                    for (var n = 0; n < PerSide; n++)
                    {
                        await app.SendAsync(Messages.Relay("ice", "app_" + uid, "glasses_" + uid, new JsonObject { ["n"] = n, ["uid"] = uid }));
                    }
                }));
            for (var n = 0; n < PerSide; n++)
            {
                var atApp = await app.ReceiveAsync("ice");
                Assert.Equal(n, atApp.GetProperty("data").GetProperty("n").GetInt32());
                Assert.Equal(uid, atApp.GetProperty("data").GetProperty("uid").GetString());
                var atGlasses = await glasses.ReceiveAsync("ice");
                Assert.Equal(n, atGlasses.GetProperty("data").GetProperty("n").GetInt32());
                Assert.Equal(uid, atGlasses.GetProperty("data").GetProperty("uid").GetString());
            }

            await sends;
            Assert.True(await app.NothingWithinAsync(TimeSpan.FromMilliseconds(100)));
        });
        await Task.WhenAll(tasks);
        Assert.Equal(Pairs * PerSide * 2, server.Forwarded("ice"));
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task MacNotations_PairAndIdsAsWritten_R6(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store);
        await using var glasses = await server.ConnectAsync();
        await using var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_AA:BB:CC:DD:EE:FF"));
        await app.SendAsync(Messages.Join("app_aabbccddeeff"));
        var role = await glasses.ReceiveAsync("role");
        Assert.Equal("app_aabbccddeeff", role.GetProperty("data").GetProperty("peer_id").GetString());
        Assert.Equal("room_aabbccddeeff", role.GetProperty("data").GetProperty("room_id").GetString());
        Assert.Equal("glasses_AA:BB:CC:DD:EE:FF", (await app.ReceiveAsync("role")).GetProperty("device_id").GetString());
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task BadDeviceId_1004WithRequestType_R11_R31(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store);
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Join("watch_1"));
        var error = await client.ReceiveAsync("error");
        Assert.Equal(1004, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Equal("join", error.GetProperty("data").GetProperty("request_type").GetString());
        Assert.False(string.IsNullOrWhiteSpace(error.GetProperty("data").GetProperty("error_message").GetString()));
        Assert.Equal("server", error.GetProperty("from").GetString());
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task StateErrors_1002And1006_R24_R28(string store)
    {
        await using var server = await SignalingTarget.StartAsync(store);
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Relay("offer", "glasses_1", "app_1"));
        Assert.Equal(1002, await client.ReceiveErrorCodeAsync());
        await client.SendAsync(Messages.Leave("glasses_1"));
        Assert.Equal(1002, await client.ReceiveErrorCodeAsync());
        await client.SendAsync(Messages.Join("glasses_1"));
        await client.SendAsync(Messages.Relay("ice", "glasses_1", "app_1"));
        var error = await client.ReceiveAsync("error");
        Assert.Equal(1006, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Equal("glasses_1", error.GetProperty("to").GetString());
    }
}
