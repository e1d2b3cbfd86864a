using System.Net.WebSockets;
using System.Text;
using System.Text.Json;
using System.Text.Json.Nodes;
using System.Threading.Channels;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>A real WebSocket client that collects the server's JSON messages and its close frame.</summary>
internal sealed class WsClient : IAsyncDisposable
{
    private static readonly TimeSpan DefaultWait = TimeSpan.FromSeconds(10);
    private readonly ClientWebSocket _socket = new();
    private readonly Channel<JsonElement> _messages = Channel.CreateUnbounded<JsonElement>();
    private readonly TaskCompletionSource<(WebSocketCloseStatus? Code, string? Reason)> _closed = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly int _receiveBuffer;

    /// <summary>A client whose messages may be up to <paramref name="receiveBuffer"/> bytes.</summary>
    public WsClient(int receiveBuffer = 1 << 20) => _receiveBuffer = receiveBuffer;

    public ClientWebSocket Socket => _socket;

    public async Task ConnectAsync(Uri uri)
    {
        _socket.Options.CollectHttpResponseDetails = true;
        await _socket.ConnectAsync(uri, CancellationToken.None);
        _ = Task.Run(ReceiveLoopAsync);
    }

    public Task SendAsync(JsonNode message) => SendTextAsync(message.ToJsonString());

    public Task SendTextAsync(string text) => SendBytesAsync(Encoding.UTF8.GetBytes(text), WebSocketMessageType.Text);

    public async Task SendBytesAsync(byte[] bytes, WebSocketMessageType type, bool endOfMessage = true) =>
        await _socket.SendAsync(bytes, type, endOfMessage, CancellationToken.None);

    /// <summary>The next message from the server; fails the test if none comes in time.</summary>
    public async Task<JsonElement> ReceiveAsync(TimeSpan? wait = null)
    {
        using var timeout = new CancellationTokenSource(wait ?? DefaultWait);
        try
        {
            return await _messages.Reader.ReadAsync(timeout.Token);
        }
        catch (OperationCanceledException)
        {
            throw new TimeoutException("no message from the server in time");
        }
        catch (ChannelClosedException)
        {
            throw new InvalidOperationException("the server closed the connection: " + _closed.Task.Result);
        }
    }

    /// <summary>The next message, which must be of <paramref name="type"/>.</summary>
    public async Task<JsonElement> ReceiveAsync(string type)
    {
        var message = await ReceiveAsync();
        Assert.True(type == message.GetProperty("type").GetString(), $"expected a {type} message, got {message}");
        return message;
    }

    /// <summary>The next message if one has arrived, without waiting.</summary>
    public bool TryReceive(out JsonElement message) => _messages.Reader.TryRead(out message);

    /// <summary>The error code of the next message, which must be an error.</summary>
    public async Task<int> ReceiveErrorCodeAsync() =>
        (await ReceiveAsync("error")).GetProperty("data").GetProperty("error_code").GetInt32();

    /// <summary>True if no message arrives within <paramref name="wait"/>.</summary>
    public async Task<bool> NothingWithinAsync(TimeSpan wait)
    {
        using var timeout = new CancellationTokenSource(wait);
        try
        {
            await _messages.Reader.WaitToReadAsync(timeout.Token);
            return !_messages.Reader.TryPeek(out _);
        }
        catch (OperationCanceledException)
        {
            return true;
        }
    }

    /// <summary>The close code and reason the server sent.</summary>
    public async Task<(WebSocketCloseStatus? Code, string? Reason)> ClosedAsync(TimeSpan? wait = null) =>
        await _closed.Task.WaitAsync(wait ?? DefaultWait);

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            try
            {
                using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is WebSocketException or OperationCanceledException)
            {
                _socket.Abort();
            }
        }

        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        var buffer = new byte[_receiveBuffer];
        try
        {
            while (true)
            {
                var count = 0;
                ValueWebSocketReceiveResult result;
                do
                {
                    result = await _socket.ReceiveAsync(buffer.AsMemory(count), CancellationToken.None);
                    count += result.Count;
                }
                while (!result.EndOfMessage && result.MessageType != WebSocketMessageType.Close);

                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closed.TrySetResult((_socket.CloseStatus, _socket.CloseStatusDescription));
                    if (_socket.State == WebSocketState.CloseReceived)
                    {
                        await _socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None);
                    }

                    break;
                }

                Assert.Equal(WebSocketMessageType.Text, result.MessageType);
                using var doc = JsonDocument.Parse(buffer.AsMemory(0, count));
                _messages.Writer.TryWrite(doc.RootElement.Clone());
            }
        }
        catch (Exception e) when (e is WebSocketException or ObjectDisposedException or OperationCanceledException)
        {
            _closed.TrySetResult((null, "aborted: " + e.Message));
        }
        finally
        {
            _messages.Writer.TryComplete();
        }
    }
}
