using System.Diagnostics;
using System.Net.Sockets;
using System.Text;
using Tandem.Server.AbuseTests.Support;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.AbuseTests;

/// <summary>
/// Sockets that hold a place without becoming a signaling connection: slowloris upgrades (headers
/// trickled), sockets that never send a byte, upgraded sockets that never join. None may hold it
/// longer than JoinTimeout (R29; Kestrel's first-request and header timeouts follow it).
/// </summary>
[Trait("Category", "Abuse")]
public class SlowSocketTests
{
    // JoinTimeoutSeconds=2 in these tests; Kestrel checks its timeouts once a second.
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(2 + 1 + 3);

    [Fact]
    public async Task SlowlorisUpgrades_CutWithinTheHeaderTimeout_OthersUnaffected()
    {
        await using var server = await AbuseServer.StartAsync("JoinTimeoutSeconds=2");
        await using var live = await LivePair.StartAsync(server);
        var request = Encoding.ASCII.GetBytes($"GET / HTTP/1.1\r\nHost: 127.0.0.1:{server.Port}\r\nUpgrade: websocket\r\nConnection: Upgrade\r\nSec-WebSocket-Key: dGhlIHNhbXBsZSBub25jZQ==\r\nSec-WebSocket-Version: 13\r\nX-Slow: " + new string('a', 4000));
        var trickles = Enumerable.Range(0, 20).Select(_ => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", server.Port);
            var clock = Stopwatch.StartNew();
            try
            {
                // One byte every 100 ms: the request is never complete before the server gives up.
                foreach (var b in request)
                {
                    await socket.SendAsync(new[] { b });
                    if (socket.Poll(0, SelectMode.SelectRead))
                    {
                        break;
                    }

                    await Task.Delay(100);
                }
            }
            catch (SocketException)
            {
                // Reset: cut.
            }

            return (clock.Elapsed, await ReadToEndAsync(socket));
        })).ToList();

        foreach (var (elapsed, answer) in await Task.WhenAll(trickles))
        {
            Assert.True(elapsed < Limit, $"a trickled upgrade was held {elapsed.TotalSeconds:0.0} s");
            Assert.DoesNotContain("101 Switching Protocols", answer, StringComparison.Ordinal);
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task SocketsThatNeverSpeak_ClosedWithinJoinTimeout_R29()
    {
        await using var server = await AbuseServer.StartAsync("JoinTimeoutSeconds=2");
        await using var live = await LivePair.StartAsync(server);
        var clock = Stopwatch.StartNew();

        // Fifty TCP sockets that never send a byte, fifty upgraded ones that never join.
        var silentTcp = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            await socket.ConnectAsync("127.0.0.1", server.Port);
            await ReadToEndAsync(socket);
            return clock.Elapsed;
        })).ToList();
        var silentWs = Enumerable.Range(0, 50).Select(_ => Task.Run(async () =>
        {
            await using var client = await server.Host.ConnectAsync();
            Assert.Equal(1005, await client.ReceiveErrorCodeAsync());
            Assert.Equal(4005, (int?)(await client.ClosedAsync()).Code);
            return clock.Elapsed;
        })).ToList();

        foreach (var elapsed in await Task.WhenAll(silentTcp.Concat(silentWs)))
        {
            Assert.True(elapsed < Limit, $"a silent socket was held {elapsed.TotalSeconds:0.0} s");
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    [Fact]
    public async Task ConnectionStormAt5xMaxConnections_ExcessGets1007AndClose1013_ServerRecovers_R33()
    {
        await using var server = await AbuseServer.StartAsync("MaxConnections=50");
        await using var live = await LivePair.StartAsync(server);
        var storm = await Task.WhenAll(Enumerable.Range(0, 250).Select(_ => Task.Run(() => server.Host.ConnectAsync())));
        var refused = 0;
        foreach (var client in storm)
        {
            if (!await IsAcceptedAsync(client))
            {
                Assert.Equal(1013, (int?)(await client.ClosedAsync()).Code);
                refused++;
            }
        }

        // The live pair holds two of the fifty places.
        Assert.Equal(250 - 48, refused);
        Assert.Equal(50, server.Hub.ConnectionCount);
        foreach (var client in storm)
        {
            await client.DisposeAsync();
        }

        await Wait.UntilAsync(() => server.Hub.ConnectionCount == 2, TimeSpan.FromSeconds(20), () => $"{server.Hub.ConnectionCount} connections");
        var again = await Task.WhenAll(Enumerable.Range(0, 48).Select(_ => Task.Run(() => server.Host.ConnectAsync())));
        foreach (var client in again)
        {
            Assert.True(await IsAcceptedAsync(client));
            await client.DisposeAsync();
        }

        await live.StopAndAssertIntactAsync();
        await server.AssertHealthyAsync(open: 2, rooms: 1);
    }

    /// <summary>
    /// Sends a bad message: an accepted connection answers it with 1003 (R2); a refused one's first
    /// message is its 1007 (R33), whether or not the bad message got through.
    /// </summary>
    private static async Task<bool> IsAcceptedAsync(WsClient client)
    {
        try
        {
            await client.SendTextAsync("[]");
        }
        catch (System.Net.WebSockets.WebSocketException)
        {
            // Already closed by the server.
        }

        var code = await client.ReceiveErrorCodeAsync();
        Assert.True(code is 1003 or 1007, $"error {code}");
        return code == 1003;
    }

    private static async Task<string> ReadToEndAsync(Socket socket)
    {
        var answer = new StringBuilder();
        var buffer = new byte[4096];
        using var limit = new CancellationTokenSource(TimeSpan.FromSeconds(30));
        try
        {
            int read;
            while ((read = await socket.ReceiveAsync(buffer, limit.Token)) > 0)
            {
                answer.Append(Encoding.ASCII.GetString(buffer, 0, read));
            }
        }
        catch (SocketException)
        {
            // Reset: the end as well.
        }

        return answer.ToString();
    }
}
