using System.Net;
using System.Net.WebSockets;
using System.Text;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests;

public class TransportTests
{
    [Theory]
    [InlineData("/")]
    [InlineData("/ws")]
    public async Task Upgrade_OnRootAndWs_Accepted_R1(string path)
    {
        await using var server = await ServerHost.StartAsync();
        await using var client = await server.ConnectAsync(path);
        await client.SendAsync(Messages.Join("glasses_1"));
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
        await using var app = await server.ConnectAsync(path);
        await app.SendAsync(Messages.Join("app_1"));
        Assert.Equal("offerer", (await client.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());
    }

    [Theory]
    [InlineData("/admin")]
    [InlineData("/other")]
    [InlineData("/ws/x")]
    public async Task Upgrade_OnOtherPath_404NotUpgraded_R1(string path)
    {
        await using var server = await ServerHost.StartAsync();
        using var socket = new ClientWebSocket();
        socket.Options.CollectHttpResponseDetails = true;
        await Assert.ThrowsAsync<WebSocketException>(() => socket.ConnectAsync(new Uri(server.WebSocketUri, path), CancellationToken.None));
        Assert.Equal(HttpStatusCode.NotFound, socket.HttpStatusCode);
    }

    [Fact]
    public async Task PlainHttp_OnRoot_ServesText_R1()
    {
        await using var server = await ServerHost.StartAsync();
        using var http = new HttpClient();
        var response = await http.GetAsync(server.HttpUri);
        Assert.Equal(HttpStatusCode.OK, response.StatusCode);
        Assert.Contains("WebSocket", await response.Content.ReadAsStringAsync(), StringComparison.Ordinal);
    }

    [Fact]
    public async Task BinaryFrame_1003_ConnectionStaysOpen_R2()
    {
        await using var server = await ServerHost.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendBytesAsync(Encoding.UTF8.GetBytes(Messages.Join("app_1").ToJsonString()), WebSocketMessageType.Binary);
        var error = await client.ReceiveAsync("error");
        Assert.Equal(1003, error.GetProperty("data").GetProperty("error_code").GetInt32());
        Assert.Equal("", error.GetProperty("to").GetString());
        await client.SendAsync(Messages.Join("app_1"));
        await client.SendAsync(Messages.Join("app_1"));
        Assert.Equal(1003, await client.ReceiveErrorCodeAsync());
        Assert.Equal(WebSocketState.Open, client.Socket.State);
    }

    [Theory]
    [InlineData("[1,2]")]
    [InlineData("hello")]
    [InlineData("{\"type\":\"join\"")]
    public async Task TextNotJsonObject_1003_ConnectionStaysOpen_R2(string text)
    {
        await using var server = await ServerHost.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendTextAsync(text);
        Assert.Equal(1003, await client.ReceiveErrorCodeAsync());
        await client.SendTextAsync("{}");
        Assert.Equal(1003, await client.ReceiveErrorCodeAsync());
    }

    [Fact]
    public async Task TextNotUtf8_ConnectionFailedWith1007_R2()
    {
        await using var server = await ServerHost.StartAsync();
        await using var client = await server.ConnectAsync();
        await client.SendBytesAsync([0x7b, 0x22, 0xff, 0xfe, 0x22, 0x7d], WebSocketMessageType.Text);
        var (code, _) = await client.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.InvalidPayloadData, code);
    }

    [Fact]
    public async Task MessageTooLarge_1003ThenClose1009_OthersUnaffected_R3()
    {
        await using var server = await ServerHost.StartAsync("MaxMessageBytes=2048");
        await using var glasses = await server.ConnectAsync();
        await using var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_1"));
        await app.SendAsync(Messages.Join("app_1"));
        await glasses.ReceiveAsync("role");
        await app.ReceiveAsync("role");

        var big = Messages.Relay("offer", "app_1", "glasses_1", new() { ["sdp"] = new string('a', 3000) });
        var bytes = Encoding.UTF8.GetBytes(big.ToJsonString());
        await app.SendBytesAsync(bytes[..1000], WebSocketMessageType.Text, endOfMessage: false);
        await app.SendBytesAsync(bytes[1000..], WebSocketMessageType.Text, endOfMessage: true);
        Assert.Equal(1003, await app.ReceiveErrorCodeAsync());
        var (code, _) = await app.ClosedAsync();
        Assert.Equal(WebSocketCloseStatus.MessageTooBig, code);

        await glasses.SendAsync(Messages.Relay("offer", "glasses_1", "app_1"));
        Assert.Equal(1006, await glasses.ReceiveErrorCodeAsync());
        Assert.Equal(WebSocketState.Open, glasses.Socket.State);
    }

    [Fact]
    public async Task MessageAtLimit_Accepted_R3()
    {
        await using var server = await ServerHost.StartAsync("MaxMessageBytes=2048");
        await using var glasses = await server.ConnectAsync();
        await using var app = await server.ConnectAsync();
        await glasses.SendAsync(Messages.Join("glasses_1"));
        await app.SendAsync(Messages.Join("app_1"));
        await glasses.ReceiveAsync("role");
        var message = Messages.Relay("offer", "app_1", "glasses_1", new() { ["sdp"] = "" });
        var padding = 2048 - Encoding.UTF8.GetByteCount(message.ToJsonString());
        message["data"]!["sdp"] = new string('a', padding);
        Assert.Equal(2048, Encoding.UTF8.GetByteCount(message.ToJsonString()));
        await app.SendAsync(message);
        Assert.Equal(padding, (await glasses.ReceiveAsync("offer")).GetProperty("data").GetProperty("sdp").GetString()!.Length);
    }

    [Fact]
    public async Task PeerNotAnsweringPings_TreatedAsDisconnected_R4()
    {
        await using var server = await ServerHost.StartAsync("KeepAliveIntervalSeconds=0.5", "KeepAliveTimeoutSeconds=0.5", "ReconnectGraceSeconds=1");
        using var silent = new RawWebSocket();
        await silent.ConnectAsync(server.Port);
        await silent.SendTextAsync(Messages.Join("glasses_1").ToJsonString());
        await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
        await using var app = await server.ConnectAsync();
        await app.SendAsync(Messages.Join("app_1"));
        Assert.Equal("answerer", (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("role").GetString());

        var leave = await app.ReceiveAsync("leave");
        Assert.Equal("glasses_1", leave.GetProperty("from").GetString());
        Assert.Equal("disconnected", leave.GetProperty("data").GetProperty("reason").GetString());
        Assert.Equal(WebSocketState.Open, app.Socket.State);
    }
}
