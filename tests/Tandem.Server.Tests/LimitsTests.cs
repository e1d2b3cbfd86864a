using System.Net.WebSockets;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests;

public class LimitsTests
{
    [Fact]
    public async Task MaxConnections_NewConnectionGets1007AndClose1013_R33()
    {
        await using var server = await ServerHost.StartAsync("MaxConnections=2");
        await using var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();
        await using var c = await server.ConnectAsync();
        var error = await c.ReceiveAsync("error");
        Assert.Equal(1007, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Equal(1013, (int?)(await c.ClosedAsync()).Code);
        Assert.Equal(WebSocketState.Open, a.Socket.State);

        await a.DisposeAsync();
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Totals.Connections == 1);
        await using var d = await server.ConnectAsync();
        await d.SendAsync(Messages.Join("app_9"));
        Assert.True(await d.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal(WebSocketState.Open, d.Socket.State);
    }

    [Fact]
    public async Task TooManyBadMessages_Close1008_R35()
    {
        await using var server = await ServerHost.StartAsync("MaxBadMessagesPerMinute=5");
        await using var client = await server.ConnectAsync();
        for (var i = 0; i < 5; i++)
        {
            await client.SendTextAsync("garbage");
            Assert.Equal(1003, await client.ReceiveErrorCodeAsync());
        }

        Assert.Equal(WebSocketState.Open, client.Socket.State);
        await client.SendTextAsync("garbage");
        Assert.Equal(1003, await client.ReceiveErrorCodeAsync());
        Assert.Equal(1008, (int?)(await client.ClosedAsync()).Code);
    }
}
