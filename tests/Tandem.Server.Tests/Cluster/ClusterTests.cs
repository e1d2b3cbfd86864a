using System.Text.Json.Nodes;
using StackExchange.Redis;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Cluster;

/// <summary>What only a cluster has: joins racing on two nodes, a node killed mid-call, Redis going away.</summary>
public class ClusterTests
{
    [Fact]
    public async Task JoinsRacingOnTwoNodes_ExactlyOneOffererPerRoom_R18()
    {
        await using var cluster = await SignalingTarget.StartAsync("redis");
        const int Rooms = 20;
        var roles = await Task.WhenAll(Enumerable.Range(0, Rooms).Select(async i =>
        {
            await using var glasses = await cluster.ConnectAsync(0);
            await using var app = await cluster.ConnectAsync(1);
            await Task.WhenAll(glasses.SendAsync(Messages.Join("glasses_race" + i)), app.SendAsync(Messages.Join("app_race" + i)));
            var glassesRole = (await glasses.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString();
            var appRole = (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString();
            return (glassesRole, appRole);
        }));

        Assert.All(roles, r => Assert.Equal(1, new[] { r.glassesRole, r.appRole }.Count(x => x == "offerer")));
        Assert.All(roles, r => Assert.Equal(1, new[] { r.glassesRole, r.appRole }.Count(x => x == "answerer")));
    }

    [Fact]
    public async Task NodeKilledMidCall_PeerKeepsItsPlace_ResumesOnTheOtherNode_R30()
    {
        await using var redis = await RedisServer.StartAsync();
        var settings = SignalingTarget.ClusterSettings(redis).Select(s => "--Signaling:" + s).ToList();
        var port = ServerHost.FreePort();
        await using var doomed = ServerProcess.Start([$"--Signaling:Port={port}", "--Signaling:ListenAddress=127.0.0.1", .. settings]);
        await doomed.WaitForHealthyAsync(port);
        await using var survivor = await ServerHost.StartAsync(SignalingTarget.ClusterSettings(redis));

        // The glasses create the room on the doomed node (its home); the app joins through the survivor.
        var glasses = new WsClient();
        await glasses.ConnectAsync(new Uri($"ws://127.0.0.1:{port}/"));
        await glasses.SendAsync(Messages.Join("glasses_k1"));
        await using var app = await survivor.ConnectAsync();
        await TimerAndReconnectTests.WaitUntil(() => HasRoom(redis, "room_k1"));
        await app.SendAsync(Messages.Join("app_k1"));
        Assert.Equal("offerer", (await glasses.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("answerer", (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
        await glasses.SendAsync(Messages.Relay("offer", "glasses_k1", "app_k1"));
        await app.ReceiveAsync("offer");
        Assert.Empty(survivor.Hub.GetStatus().Rooms);

        doomed.KillHard();
        glasses.Socket.Abort();
        await glasses.DisposeAsync();

        // Within the node timeout the survivor takes the room over; the app keeps its place and role,
        // the glasses' place is held for the reconnect grace.
        await TimerAndReconnectTests.WaitUntil(() => survivor.Hub.GetStatus().Rooms.Count == 1);
        var room = survivor.Hub.GetStatus().Rooms.Single();
        Assert.Equal("PAIRED", room.State);
        Assert.False(room.Members.Single(m => m.DeviceId == "glasses_k1").Online);
        Assert.True(room.Members.Single(m => m.DeviceId == "app_k1").Online);
        await app.SendAsync(Messages.Relay("ice", "app_k1", "glasses_k1"));
        Assert.Equal(1006, await app.ReceiveErrorCodeAsync());

        await using var back = await survivor.ConnectAsync();
        await back.SendAsync(Messages.Join("glasses_k1"));
        var glassesRole = (await back.ReceiveAsync("role")).GetProperty("data");
        Assert.Equal("offerer", glassesRole.GetProperty("role").GetString());
        Assert.True(glassesRole.GetProperty("resumed").GetBoolean());
        var appRole = (await app.ReceiveAsync("role")).GetProperty("data");
        Assert.Equal("answerer", appRole.GetProperty("role").GetString());
        Assert.True(appRole.GetProperty("resumed").GetBoolean());
        await back.SendAsync(Messages.Relay("offer", "glasses_k1", "app_k1"));
        await app.ReceiveAsync("offer");
    }

    [Fact]
    public async Task RedisDown_OpenCallsGoOn_NewJoins1007_LoggedOnce_JoinsAgainOnceBack()
    {
        await using var cluster = await SignalingTarget.StartAsync("redis");
        await using var glasses = await cluster.ConnectAsync(0);
        await using var app = await cluster.ConnectAsync(0);
        await glasses.SendAsync(Messages.Join("glasses_o1"));
        await glasses.NothingWithinAsync(TimeSpan.FromMilliseconds(200));
        await app.SendAsync(Messages.Join("app_o1"));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");

        cluster.Redis!.Kill();
        await TimerAndReconnectTests.WaitUntil(() => cluster.Nodes[0].Logs.Lines.Any(l => l.Contains("the room store (Redis at", StringComparison.Ordinal)));
        await glasses.SendAsync(Messages.Relay("offer", "glasses_o1", "app_o1"));
        await app.ReceiveAsync("offer");
        await using var late = await cluster.ConnectAsync(0);
        await late.SendAsync(Messages.Join("glasses_o2"));
        var error = await late.ReceiveAsync("error");
        Assert.Equal(1007, error.GetProperty("data").GetProperty("error_code").GetInt32());
        await late.SendAsync(Messages.Join("glasses_o2"));
        Assert.Equal(1007, await late.ReceiveErrorCodeAsync());
        Assert.Single(cluster.Nodes[0].Logs.Lines, l => l.Contains("the room store (Redis at", StringComparison.Ordinal));

        await cluster.Redis.RestartAsync(TimeSpan.Zero);
        await TimerAndReconnectTests.WaitUntil(() => cluster.Nodes[0].Logs.Lines.Any(l => l.Contains("reachable again", StringComparison.Ordinal)));
        await late.SendAsync(Messages.Join("glasses_o2"));
        await using var lateApp = await cluster.ConnectAsync(1);
        await lateApp.SendAsync(Messages.Join("app_o2"));
        Assert.Equal("offerer", (await late.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());

        // The room that lived through the outage was written again: a join for it still finds its home.
        Assert.True(HasRoom(cluster.Redis, "room_o1"));
    }

    [Fact]
    public async Task RedisRestartUnderLoad_NothingMisroutedOrDuplicated_NoRoomLeftBehind_R22()
    {
        await using var cluster = await SignalingTarget.StartAsync("redis", ServerHost.NoRateLimits);
        const int Pairs = 10;
        const int PerSide = 40;
        var halfway = 0;
        var allHalfway = new TaskCompletionSource();
        var restarted = new TaskCompletionSource();
        var pairs = Enumerable.Range(0, Pairs).Select(async i =>
        {
            var uid = "l" + i;
            await using var glasses = await cluster.ConnectAsync(i);
            await using var app = await cluster.ConnectAsync(i + 1);
            await glasses.SendAsync(Messages.Join("glasses_" + uid));
            await glasses.NothingWithinAsync(TimeSpan.FromMilliseconds(100));
            await app.SendAsync(Messages.Join("app_" + uid));
            await glasses.ReceiveAsync("role");
            await app.ReceiveAsync("role");
            var received = new List<int>();
            for (var n = 0; n < PerSide; n++)
            {
                if (n == PerSide / 2)
                {
                    // The first half is delivered before Redis goes; the second is sent once it is back.
                    for (var k = 0; k < PerSide / 2; k++)
                    {
                        received.Add(Ice(await app.ReceiveAsync("ice"), uid));
                    }

                    if (Interlocked.Increment(ref halfway) == Pairs)
                    {
                        allHalfway.SetResult();
                    }

                    await restarted.Task;
                }

                await glasses.SendAsync(Messages.Relay("ice", "glasses_" + uid, "app_" + uid, new JsonObject { ["n"] = n, ["uid"] = uid }));
            }

            // What arrives of the second half is this pair's, once, in order; what was sent while the
            // nodes were still reconnecting may be lost (counted), never delivered elsewhere or twice.
            while (await ReceiveOrNothing(app) is { } ice)
            {
                received.Add(Ice(ice, uid));
            }

            Assert.Equal(received.Distinct().Count(), received.Count);
            Assert.Equal(received.Order(), received);
            await glasses.SendAsync(Messages.Leave("glasses_" + uid));
            await app.ReceiveAsync("leave");
            await app.SendAsync(Messages.Leave("app_" + uid));
            return received.Count;
        }).ToList();

        await allHalfway.Task.WaitAsync(TimeSpan.FromSeconds(60));
        await cluster.Redis!.RestartAsync(TimeSpan.FromMilliseconds(300));
        restarted.SetResult();
        var delivered = await Task.WhenAll(pairs);
        Assert.All(delivered, d => Assert.InRange(d, PerSide / 2, PerSide));

        // Every room is gone from the nodes and from Redis.
        await TimerAndReconnectTests.WaitUntil(() => cluster.Rooms.Count == 0 && RoomKeys(cluster.Redis).Count == 0);
    }

    private static int Ice(System.Text.Json.JsonElement ice, string uid)
    {
        Assert.Equal("ice", ice.GetProperty("type").GetString());
        Assert.Equal(uid, ice.GetProperty("data").GetProperty("uid").GetString());
        return ice.GetProperty("data").GetProperty("n").GetInt32();
    }

    [Fact]
    public async Task NodeCountedLostWhileAlive_ClosesEveryConnectionWith1012_ServesAgain()
    {
        await using var cluster = await SignalingTarget.StartAsync("redis");
        await using var glasses = await cluster.ConnectAsync(0);
        await glasses.SendAsync(Messages.Join("glasses_s1"));
        await TimerAndReconnectTests.WaitUntil(() => cluster.Rooms.Count == 1);

        // What another node writes when this one's heartbeat stalled past the node timeout.
        using (var redis = await ConnectionMultiplexer.ConnectAsync(cluster.Redis!.Configuration))
        {
            await redis.GetDatabase().StringSetAsync("tandem:lost:" + cluster.Nodes[0].Hub.NodeId, "1");
        }

        var (code, _) = await glasses.ClosedAsync();
        Assert.Equal(1012, (int?)code);
        Assert.Empty(cluster.Rooms);
        await using var again = await cluster.ConnectAsync(0);
        await again.SendAsync(Messages.Join("glasses_s1"));
        await using var app = await cluster.ConnectAsync(1);
        await app.SendAsync(Messages.Join("app_s1"));
        Assert.Equal("offerer", (await again.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
    }

    [Theory]
    [MemberData(nameof(SignalingTarget.Stores), MemberType = typeof(SignalingTarget))]
    public async Task AdminApiAndMetrics_ShowEveryNodeWithItsRooms(string store)
    {
        await using var target = await SignalingTarget.StartAsync(store);
        await using var glasses = await target.ConnectAsync(0);
        await glasses.SendAsync(Messages.Join("glasses_a1"));
        await TimerAndReconnectTests.WaitUntil(() => target.Rooms.Count == 1);
        using var http = new HttpClient { BaseAddress = target.Nodes[^1].HttpUri };

        // Node 0 is home to the room; the last node (node 1 of a cluster) reports it from the heartbeats.
        System.Text.Json.JsonElement cluster = default;
        await TimerAndReconnectTests.WaitUntil(() =>
        {
            cluster = System.Text.Json.JsonDocument.Parse(http.GetStringAsync("/api/cluster").Result).RootElement;
            return cluster.GetProperty("nodes").EnumerateArray().Sum(n => n.GetProperty("rooms").GetInt32()) == 1
                && cluster.GetProperty("nodes").GetArrayLength() == target.Nodes.Count;
        });
        Assert.Equal(store, cluster.GetProperty("store").GetString());
        Assert.Equal(target.Nodes[^1].Hub.NodeId, cluster.GetProperty("nodeId").GetString());
        var home = cluster.GetProperty("nodes").EnumerateArray().Single(n => n.GetProperty("rooms").GetInt32() == 1);
        Assert.Equal(target.Nodes[0].Hub.NodeId, home.GetProperty("nodeId").GetString());

        var metrics = await http.GetStringAsync("/metrics");
        Assert.Contains($"tandem_cluster_nodes {target.Nodes.Count}", metrics, StringComparison.Ordinal);
        Assert.Contains($"tandem_node_rooms{{node=\"{target.Nodes[0].Hub.NodeId}\"}} 1", metrics, StringComparison.Ordinal);
        var status = System.Text.Json.JsonDocument.Parse(await http.GetStringAsync("/api/status")).RootElement;
        Assert.Equal(target.Nodes.Count, status.GetProperty("cluster").GetProperty("nodes").GetArrayLength());
    }

    private static async Task<System.Text.Json.JsonElement?> ReceiveOrNothing(WsClient client)
    {
        try
        {
            return await client.ReceiveAsync(TimeSpan.FromSeconds(2));
        }
        catch (TimeoutException)
        {
            return null;
        }
    }

    private static bool HasRoom(RedisServer redis, string roomId)
    {
        using var connection = ConnectionMultiplexer.Connect(redis.Configuration);
        return connection.GetDatabase().KeyExists("tandem:room:" + roomId);
    }

    private static List<string> RoomKeys(RedisServer redis)
    {
        using var connection = ConnectionMultiplexer.Connect(redis.Configuration);
        return connection.GetServers().Single().Keys(pattern: "tandem:room:*").Select(k => (string)k!).ToList();
    }
}
