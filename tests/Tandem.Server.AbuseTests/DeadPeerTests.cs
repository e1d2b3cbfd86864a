using System.Diagnostics;
using System.Text.Json.Nodes;
using Tandem.Server.AbuseTests.Support;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.AbuseTests;

/// <summary>Peers that stop reading (R34) or stop altogether (R4) while others keep talking.</summary>
[Trait("Category", "Abuse")]
public class DeadPeerTests
{
    [Fact]
    public async Task DeadReaders_AtDefaultSettings_EachCutAtItsShare_LivePairUnaffected_R34()
    {
        // Five receivers stop reading while their peers flood them with 4 KB ice messages, at the
        // default bound (10 000 queued, 1 000 per receiver). Each is cut, its queue freed.
        await using var server = await AbuseServer.StartAsync();
        await using var live = await LivePair.StartAsync(server);
        var candidate = new string('c', 4000);
        var floods = Enumerable.Range(0, 5).Select(i => Task.Run(async () =>
        {
            using var reader = new RawWebSocket(receiveBuffer: 4096);
            await reader.ConnectAsync(server.Port);
            await reader.SendTextAsync(Messages.Join("app_dead" + i).ToJsonString());
            await Wait.UntilAsync(() => server.Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_dead" + i), TimeSpan.FromSeconds(20), () => "no room");
            await using var peer = await server.Host.ConnectAsync();
            await peer.SendAsync(Messages.Join("glasses_dead" + i));
            await peer.ReceiveAsync("role");
            for (var sent = 0; sent < 20_000; sent++)
            {
                await peer.SendAsync(Messages.Relay("ice", "glasses_dead" + i, "app_dead" + i, new JsonObject { ["candidate"] = candidate }));
                if (peer.TryReceive(out var message))
                {
                    Assert.Equal(1006, message.GetProperty("data").GetProperty("error_code").GetInt32());
                    return sent;
                }
            }

            return -1;
        })).ToList();

        Assert.All(await Task.WhenAll(floods), sent => Assert.True(sent >= 1000, $"cut after {sent} messages"));
        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task StoppedProcess_FoundWithinKeepalive_PeerToldAfterGrace_R4_R30()
    {
        await using var server = await AbuseServer.StartAsync("KeepAliveIntervalSeconds=1", "KeepAliveTimeoutSeconds=1", "ReconnectGraceSeconds=1");
        await using var live = await LivePair.StartAsync(server);
        using var stopped = StoppableClient.Start(server.Port, "glasses_stop");
        Assert.Equal("joined", await stopped.ReadLineAsync());
        await Wait.UntilAsync(() => server.Hub.GetStatus().Rooms.Any(r => r.RoomId == "room_stop"), TimeSpan.FromSeconds(20), () => "no room");
        await using var app = await server.Host.ConnectAsync();
        await app.SendAsync(Messages.Join("app_stop"));
        await app.ReceiveAsync("role");
        Assert.Contains("\"role\"", await stopped.ReadLineAsync(), StringComparison.Ordinal);

        // Alive, it answers the pings: several keepalive periods pass and it is still there.
        await Task.Delay(TimeSpan.FromSeconds(3));
        Assert.All(server.Hub.GetStatus().Rooms.Single(r => r.RoomId == "room_stop").Members, m => Assert.True(m.Online));

        stopped.Stop();
        var clock = Stopwatch.StartNew();
        await Wait.UntilAsync(
            () => server.Hub.GetStatus().Rooms.Single(r => r.RoomId == "room_stop").Members.Any(m => !m.Online),
            TimeSpan.FromSeconds(20),
            () => "the stopped client was never found");
        var found = clock.Elapsed;

        // Interval + timeout is 2 s; a ping may be due up to one interval after the stop.
        Assert.True(found < TimeSpan.FromSeconds(5), $"found after {found.TotalSeconds:0.0} s");
        var leave = await app.ReceiveAsync("leave");
        Assert.Equal("disconnected", leave.GetProperty("data").GetProperty("reason").GetString());
        await app.SendAsync(Messages.Leave("app_stop"));
        stopped.Dispose();
        await app.DisposeAsync();

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }
}
