using System.Buffers.Binary;
using System.Net;
using System.Text;
using Tandem.Load.Net;

namespace Tandem.Load.Tests.Net;

/// <summary>The client engine against a hand-scripted server on loopback (real sockets).</summary>
[Trait("Category", "Integration")]
public sealed class WebSocketClientTests : IAsyncLifetime
{
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(10);
    private readonly ScriptedWebSocketServer _server = new();
    private readonly SocketConnector _connector = new([IPAddress.Loopback]);
    private readonly RecordingHandler _handler = new();

    public Task InitializeAsync() => Task.CompletedTask;

    public async Task DisposeAsync() => await _server.DisposeAsync();

    [Fact]
    public async Task Receive_FragmentsPingsAndExtendedLengths_DeliversEachMessageAndAnswersThePing()
    {
        var (client, request) = await ConnectAsync();
        await using var _ = client;
        Assert.StartsWith("GET /path?q=1 HTTP/1.1", request, StringComparison.Ordinal);
        var medium = new string('m', 300);
        var large = new string('L', 70_000);
        byte[] script =
        [
            .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Text, "Hel"u8, fin: false),
            .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Ping, "p1"u8),
            .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Continuation, "lo"u8),
            .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Binary, [1, 2, 3]),
            .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Text, Encoding.ASCII.GetBytes(medium)),
            .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Text, Encoding.ASCII.GetBytes(large)),
        ];
        // Small writes: frames and headers split across reads, and a frame larger than the 512-byte buffer.
        foreach (var chunk in script.Chunk(1000))
        {
            await _server.Stream.WriteAsync(chunk);
            await _server.Stream.FlushAsync();
        }

        var (pong, payload) = await _server.ReadFrameAsync().WaitAsync(Limit);
        Assert.Equal(WebSocketOpcode.Pong, pong.Opcode);
        Assert.True(pong.Masked);
        Assert.Equal("p1"u8.ToArray(), payload);

        await _server.Stream.WriteAsync(ScriptedWebSocketServer.Close(1001));
        await _handler.Ended.WaitAsync(Limit);
        Assert.Equal(["first", "Hello", medium, large], _handler.Messages);
        Assert.Equal(1001, _handler.CloseStatus);
        var (close, body) = await _server.ReadFrameAsync().WaitAsync(Limit);
        Assert.Equal(WebSocketOpcode.Close, close.Opcode);
        Assert.Equal(1001, BinaryPrimitives.ReadUInt16BigEndian(body));
        await client.Completion.WaitAsync(Limit);
    }

    [Fact]
    public async Task CloseAsync_ServerAnswers_SendsStatus1000AndEndsTheLoop()
    {
        var (client, _) = await ConnectAsync();
        await using var _1 = client;

        await client.CloseAsync(CancellationToken.None);
        var (close, body) = await _server.ReadFrameAsync().WaitAsync(Limit);
        await _server.Stream.WriteAsync(ScriptedWebSocketServer.Close(1000));

        await client.Completion.WaitAsync(Limit);
        Assert.Equal(WebSocketOpcode.Close, close.Opcode);
        Assert.Equal(1000, BinaryPrimitives.ReadUInt16BigEndian(body));
        Assert.Equal(1000, _handler.CloseStatus);
        Assert.Null(_handler.Failure);
    }

    [Fact]
    public async Task SendAsync_BuiltFrames_ArriveMaskedInOrder()
    {
        var (client, _) = await ConnectAsync();
        await using var _1 = client;
        var builder = new WebSocketFrameBuilder();
        foreach (var text in new[] { "one", "two", new string('3', 5000) })
        {
            Encoding.UTF8.GetBytes(text, builder.BeginMessage());
            builder.EndMessage();
        }

        await client.SendAsync(builder.Frames, CancellationToken.None);

        foreach (var text in new[] { "one", "two", new string('3', 5000) })
        {
            var (header, payload) = await _server.ReadFrameAsync().WaitAsync(Limit);
            Assert.True(header.Masked);
            Assert.Equal(text, Encoding.UTF8.GetString(payload));
        }
    }

    [Fact]
    public async Task Receive_MaskedServerFrame_FailsAsProtocolError()
    {
        var (client, _) = await ConnectAsync();
        await using var _1 = client;

        await _server.Stream.WriteAsync(ScriptedWebSocketServer.Frame(WebSocketOpcode.Text, "x"u8, masked: true));

        await _handler.Ended.WaitAsync(Limit);
        Assert.Equal("protocol", _handler.Failure);
    }

    [Fact]
    public async Task Receive_ConnectionDropsWithoutClose_FailsAsSocket()
    {
        var (client, _) = await ConnectAsync();
        await using var _1 = client;

        await _server.DisposeAsync();

        await _handler.Ended.WaitAsync(Limit);
        Assert.Equal("socket", _handler.Failure);
    }

    [Fact]
    public async Task ConnectAsync_WrongAccept_ThrowsNamingTheHeader()
    {
        var connecting = WebSocketClient.ConnectAsync(_server.Uri, _connector, _handler, 512, CancellationToken.None);
        var request = await _server.AcceptAsync().WaitAsync(Limit);
        await _server.Stream.WriteAsync(ScriptedWebSocketServer.Upgrade(request, accept: "bm90IHRoZSByaWdodCBvbmU="));

        var error = await Assert.ThrowsAsync<WebSocketConnectException>(() => connecting.WaitAsync(Limit));
        Assert.Contains("Sec-WebSocket-Accept 'bm90IHRoZSByaWdodCBvbmU='", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task ConnectAsync_NothingListening_ThrowsConnectException()
    {
        var uri = _server.Uri;
        await _server.DisposeAsync();

        await Assert.ThrowsAsync<WebSocketConnectException>(
            () => WebSocketClient.ConnectAsync(uri, _connector, _handler, 512, CancellationToken.None).WaitAsync(Limit));
    }

    // Connects and answers the upgrade with a first message in the same write (bytes behind the 101).
    private async Task<(WebSocketClient Client, string Request)> ConnectAsync()
    {
        var connecting = WebSocketClient.ConnectAsync(_server.Uri, _connector, _handler, 512, CancellationToken.None);
        var request = await _server.AcceptAsync().WaitAsync(Limit);
        byte[] answer = [.. ScriptedWebSocketServer.Upgrade(request), .. ScriptedWebSocketServer.Frame(WebSocketOpcode.Text, "first"u8)];
        await _server.Stream.WriteAsync(answer);
        return (await connecting.WaitAsync(Limit), request);
    }
}
