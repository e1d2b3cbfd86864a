using StackExchange.Redis;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Cluster;

/// <summary>
/// A machine so loaded that the thread pool runs nothing for seconds (what a load average of 60–117 on
/// two cores did to the cluster benchmark). Alone in its collection: it starves this whole process.
/// </summary>
[Collection(nameof(ClusterStarvationTests))]
public class ClusterStarvationTests
{
    private static readonly TimeSpan StarvedFor = TimeSpan.FromSeconds(5);

    [Theory]
    [InlineData("")]
    [InlineData(",password=s3cret,defaultDatabase=3")]
    public async Task ThreadPoolStarvedPastTheNodeTimeout_NoHeartbeatExpires_NoNodeLost_CallGoesOn(string options)
    {
        await using var redisServer = await RedisServer.StartAsync();
        var configuration = redisServer.Configuration + options;
        if (options.Contains("password", StringComparison.Ordinal))
        {
            using var admin = await ConnectionMultiplexer.ConnectAsync(redisServer.Configuration + ",allowAdmin=true");
            await admin.GetServers().Single().ConfigSetAsync("requirepass", "s3cret");
        }

        string[] settings = ["Store=redis", "Redis:Configuration=" + configuration, "Redis:HeartbeatSeconds=0.2", "Redis:NodeTimeoutSeconds=2"];
        await using var node0 = await ServerHost.StartAsync(settings);
        await using var node1 = await ServerHost.StartAsync(settings);
        ServerHost[] nodes = [node0, node1];
        await using var glasses = await node0.ConnectAsync();
        await using var app = await node1.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_st1"));
        await TimerAndReconnectTests.WaitUntil(() => node0.Hub.GetStatus().Rooms.Count == 1);
        await app.SendAsync(Messages.Join("app_st1"));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");
        using var redis = await ConnectionMultiplexer.ConnectAsync(configuration + ",allowAdmin=true");
        var server = redis.GetServers().Single();
        var expiredBefore = await ExpiredKeysAsync(server);

        // Every pool thread, and each one the pool adds, blocks until released: timers, awaits and socket
        // completions of the whole process wait meanwhile (Redis's answers too, so nothing is read here).
        // Not disposed: the items the pool has not started yet when it is set still call Wait on it (a set event
        // returns at once; a disposed one throws on a pool thread and takes the test host down).
        var release = new ManualResetEventSlim();
        for (var i = 0; i < 1000; i++)
        {
            ThreadPool.UnsafeQueueUserWorkItem(static r => ((ManualResetEventSlim)r!).Wait(), release, preferLocal: false);
        }

        var releaser = new Thread(() =>
        {
            Thread.Sleep(StarvedFor);
            release.Set();
        });
        releaser.Start();
        releaser.Join();

        // Two and a half node timeouts (2 s) without the pool: the only keys with a time to live are the
        // nodes' heartbeats (over their own connection, with AUTH and SELECT when configured), and none
        // expired, so no node counted another as lost and closed its connections; the call forwards.
        Assert.Equal(expiredBefore, await ExpiredKeysAsync(server));
        await glasses.SendAsync(Messages.Relay("offer", "glasses_st1", "app_st1"));
        await app.ReceiveAsync("offer");
        Assert.DoesNotContain(nodes.SelectMany(n => n.Logs.Lines), line =>
            line.Contains("lost: its connections", StringComparison.Ordinal) || line.Contains("counted this node as lost", StringComparison.Ordinal));
    }

    private static async Task<long> ExpiredKeysAsync(IServer server) =>
        long.Parse((await server.InfoAsync("stats")).SelectMany(g => g).Single(p => p.Key == "expired_keys").Value, System.Globalization.CultureInfo.InvariantCulture);
}

[CollectionDefinition(nameof(ClusterStarvationTests), DisableParallelization = true)]
public sealed class ClusterStarvationCollection;
