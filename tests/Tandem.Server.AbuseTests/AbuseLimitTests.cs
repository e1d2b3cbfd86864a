using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tandem.Server.AbuseTests.Support;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.AbuseTests;

/// <summary>
/// Issue 17's two floods at the default abuse limits: a connection sending as fast as it can (R39, R35),
/// and one address holding idle sockets (R40). The live pair and other clients must not notice.
/// </summary>
[Trait("Category", "Abuse")]
public class AbuseLimitTests
{
    [Fact]
    public async Task IceFlood_AtTheDefaultRates_FlooderSlowedThenClosed_LivePairUnaffected_R39_R35()
    {
        await using var server = await AbuseServer.StartWithAbuseLimitsAsync();
        // Ten ice a second each way: under the bound of twenty.
        await using var live = await LivePair.StartAsync(server, intervalMs: 100);
        var flooder = await server.Host.ConnectAsync();
        var peer = await server.Host.ConnectAsync();
        await flooder.SendAsync(Messages.Join("glasses_flood"));
        await peer.SendAsync(Messages.Join("app_flood"));
        await flooder.ReceiveAsync("role");
        await peer.ReceiveAsync("role");
        try
        {
            for (var i = 0; i < 5000; i++)
            {
                await flooder.SendAsync(Messages.Relay("ice", "glasses_flood", "app_flood", new JsonObject { ["candidate"] = "" }));
            }
        }
        catch (WebSocketException)
        {
            // Closed by the server part-way: the point.
        }

        var error = await flooder.ReceiveAsync("error");
        Assert.Equal(1007, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.StartsWith("slow down", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, (await flooder.ClosedAsync()).Code);
        await flooder.DisposeAsync();
        await peer.DisposeAsync();

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task IdleSocketsFromOneAddress_CappedPerAddress_OthersStillJoin_R40()
    {
        // Without the per-address cap, 200 idle sockets would take all 150 places and lock everybody out.
        await using var server = await AbuseServer.StartWithAbuseLimitsAsync("MaxConnections=150", "MaxConnectionsPerAddress=100");
        var hoard = new List<WsClient>();
        for (var i = 0; i < 200; i++)
        {
            // Through the loopback proxy's header: the attacker's own address, not the proxy's.
            var client = new WsClient();
            client.Socket.Options.SetRequestHeader("X-Forwarded-For", "198.51.100.66");
            await client.ConnectAsync(server.Host.WebSocketUri);
            hoard.Add(client);
        }

        await Wait.UntilAsync(() => server.Hub.ConnectionCount == 100, TimeSpan.FromSeconds(20), () => $"{server.Hub.ConnectionCount} connections");
        await using (var glasses = await server.Host.ConnectAsync())
        await using (var app = await server.Host.ConnectAsync())
        {
            await glasses.SendAsync(Messages.Join("glasses_other"));
            await app.SendAsync(Messages.Join("app_other"));
            Assert.Equal("role", (await app.ReceiveAsync()).GetProperty("type").GetString());
            await glasses.SendAsync(Messages.Leave("glasses_other"));
        }

        // The refused ones were sent 1007, then closed with 1013; the error comes first on the socket.
        await Wait.UntilAsync(() => hoard.Count(c => c.Socket.State != WebSocketState.Open) == 100, TimeSpan.FromSeconds(20), () => "the refused sockets to close");
        foreach (var client in hoard)
        {
            if (client.Socket.State != WebSocketState.Open)
            {
                Assert.Equal(1013, (int?)(await client.ClosedAsync()).Code);
                Assert.True(client.TryReceive(out var message), "no error before the close");
                Assert.Equal(1007, message.GetProperty("data").GetProperty("error_code").GetInt32());
            }

            await client.DisposeAsync();
        }

        await server.AssertHealthyAsync();
    }
}
