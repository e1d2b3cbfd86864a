using System.Net;
using System.Net.WebSockets;
using System.Text.Json.Nodes;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Auth;

/// <summary>Join authentication over real WebSockets (<c>Auth:Mode=token</c>): data.token, ?token=, 1008, replace.</summary>
public class JoinAuthServerTests
{
    private static readonly string[] TokenMode = ["--Auth:Mode=token", $"--Auth:Secret={JoinTokens.Secret}"];

    [Fact]
    public async Task TokenInJoinData_AndTokenOnUrl_BothPair()
    {
        await using var server = await ServerHost.StartWithArgsAsync(TokenMode);
        await using var glasses = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_42").With("data", new JsonObject { ["token"] = JoinTokens.For("glasses_42") }));
        await using var app = new WsClient();
        await app.ConnectAsync(new Uri(server.WebSocketUri, "ws?token=" + Uri.EscapeDataString(JoinTokens.For("app_42"))));
        await app.SendAsync(Messages.Join("app_42"));
        Assert.Equal("offerer", (await glasses.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
        Assert.Equal("answerer", (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
    }

    [Fact]
    public async Task NoToken_1008_ConnectionStaysOpen_NoRoom_LogSaysWhy()
    {
        await using var server = await ServerHost.StartWithArgsAsync(TokenMode);
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Join("app_42"));
        var error = await client.ReceiveAsync("error");
        Assert.Equal(1008, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Contains("token", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketState.Open, client.Socket.State);
        Assert.Empty(server.Hub.GetStatus().Rooms);
        Assert.Contains(server.Logs.Lines, l => l.Contains("refused (1008)", StringComparison.Ordinal) && l.Contains("app_42", StringComparison.Ordinal));

        // The same connection may still join once it has a token.
        await client.SendAsync(Messages.Join("app_42").With("data", new JsonObject { ["token"] = JoinTokens.For("app_42") }));
        Assert.True(await client.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Single(server.Hub.GetStatus().Rooms);
    }

    [Fact]
    public async Task StrangerReplace_Refused_CallKeepsFlowing_R20()
    {
        await using var server = await ServerHost.StartWithArgsAsync(TokenMode);
        await using var glasses = new WsClient();
        await glasses.ConnectAsync(new Uri(server.WebSocketUri, "?token=" + JoinTokens.For("glasses_42")));
        await glasses.SendAsync(Messages.Join("glasses_42"));
        await using var app = new WsClient();
        await app.ConnectAsync(new Uri(server.WebSocketUri, "?token=" + JoinTokens.For("app_42")));
        await app.SendAsync(Messages.Join("app_42"));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");

        // The stranger knows the id, and holds a genuine token, for another device, and one signed with a guessed key.
        await using var stranger = new WsClient();
        await stranger.ConnectAsync(new Uri(server.WebSocketUri, "?token=" + JoinTokens.For("app_77")));
        await stranger.SendAsync(Messages.Join("app_42"));
        Assert.Equal(1008, await stranger.ReceiveErrorCodeAsync());
        await stranger.SendAsync(Messages.Join("app_42").With("data", new JsonObject { ["token"] = JoinTokens.For("app_42", secret: "a guessed secret that is long enough!!") }));
        Assert.Equal(1008, await stranger.ReceiveErrorCodeAsync());

        await glasses.SendAsync(Messages.Relay("offer", "glasses_42", "app_42"));
        await app.ReceiveAsync("offer");
        await app.SendAsync(Messages.Relay("answer", "app_42", "glasses_42"));
        await glasses.ReceiveAsync("answer");
        Assert.Equal(WebSocketState.Open, app.Socket.State);
        Assert.True(await stranger.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Equal("PAIRED", Assert.Single(server.Hub.GetStatus().Rooms).State);
    }

    [Fact]
    public async Task AuthOff_Default_JoinWithoutTokenWorks_AndStartupWarns()
    {
        await using var server = await ServerHost.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendAsync(Messages.Join("app_42"));
        Assert.True(await client.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
        Assert.Single(server.Hub.GetStatus().Rooms);
        Assert.Contains(server.Logs.Lines, l => l.Contains("Auth:Mode=none", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(null, true)]
    [InlineData("http://127.0.0.1:1234", true)]
    [InlineData("HTTP://127.0.0.1:1234/", true)]
    [InlineData("http://evil.example", false)]
    [InlineData("null", false)]
    public async Task AllowedOrigins_CheckedOnUpgrade_NoOriginAllowed(string? origin, bool allowed)
    {
        await using var server = await ServerHost.StartAsync("AllowedOrigins=http://127.0.0.1:1234, https://app.example.com");
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        if (origin is not null)
        {
            socket.Options.SetRequestHeader("Origin", origin);
        }

        if (allowed)
        {
            await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
            Assert.Equal(WebSocketState.Open, socket.State);
        }
        else
        {
            await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(server.WebSocketUri, CancellationToken.None));
            Assert.Equal(HttpStatusCode.Forbidden, socket.HttpStatusCode);
            Assert.Equal(0, server.Hub.ConnectionCount);
        }
    }

    [Fact]
    public async Task AllowedOrigins_NotSet_AnyOriginAllowed()
    {
        await using var server = await ServerHost.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.SetRequestHeader("Origin", "http://anywhere.example");
        await socket.ConnectAsync(server.WebSocketUri, CancellationToken.None);
        Assert.Equal(WebSocketState.Open, socket.State);
    }

    [Fact]
    public async Task MaxConnectionsPerAddress_ThirdFromLoopbackGets1007AndClose1013_R40()
    {
        await using var server = await ServerHost.StartAsync("MaxConnectionsPerAddress=2");
        await using var a = await server.ConnectAsync();
        await using var b = await server.ConnectAsync();
        await using var c = await server.ConnectAsync();
        var error = await c.ReceiveAsync("error");
        Assert.Equal(1007, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Contains("too many connections from your address", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(1013, (int?)(await c.ClosedAsync()).Code);
        Assert.Equal(WebSocketState.Open, a.Socket.State);

        await a.DisposeAsync();
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.ConnectionCount == 1);
        await using var d = await server.ConnectAsync();
        await d.SendAsync(Messages.Join("app_9"));
        Assert.True(await d.NothingWithinAsync(TimeSpan.FromMilliseconds(200)));
    }

    [Fact]
    public async Task MaxConnectionsPerAddress_BehindALoopbackProxy_CountsTheForwardedAddress_R40()
    {
        await using var server = await ServerHost.StartAsync("MaxConnectionsPerAddress=1");
        await using var first = await ConnectForwardedAsync(server, "10.9.9.9, 198.51.100.1");
        await using var other = await ConnectForwardedAsync(server, "198.51.100.2");
        await using var again = await ConnectForwardedAsync(server, "198.51.100.1");
        Assert.Equal(1007, await again.ReceiveErrorCodeAsync());
        Assert.Equal(1013, (int?)(await again.ClosedAsync()).Code);
        Assert.Equal(WebSocketState.Open, other.Socket.State);
        Assert.Equal(WebSocketState.Open, first.Socket.State);
    }

    private static async Task<WsClient> ConnectForwardedAsync(ServerHost server, string forwardedFor)
    {
        var client = new WsClient();
        client.Socket.Options.SetRequestHeader("X-Forwarded-For", forwardedFor);
        await client.ConnectAsync(server.WebSocketUri);
        return client;
    }

    [Fact]
    public async Task IceFlood_OverTheRate_1007SlowDown_ThenClosedAsAbuse_R39_R35()
    {
        await using var server = await ServerHost.StartAsync("MaxIcePerSecond=20", "MaxBadMessagesPerMinute=5");
        await using var glasses = await server.ConnectAsync();
        await using var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_42"));
        await app.SendAsync(Messages.Join("app_42"));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");
        // Far more than 20 + 6 in a second; the server closes the socket part-way, which ends the loop.
        try
        {
            for (var i = 0; i < 200; i++)
            {
                await glasses.SendAsync(Messages.Relay("ice", "glasses_42", "app_42", new JsonObject { ["candidate"] = "" }));
            }
        }
        catch (WebSocketException)
        {
        }

        var error = await glasses.ReceiveAsync("error");
        Assert.Equal(1007, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.StartsWith("slow down", error.GetProperty("data").GetProperty("error_message").GetString(), StringComparison.Ordinal);
        Assert.Equal(WebSocketCloseStatus.PolicyViolation, (await glasses.ClosedAsync()).Code);
    }
}
