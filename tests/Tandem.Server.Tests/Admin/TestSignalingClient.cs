using System.Globalization;
using System.Net.WebSockets;
using System.Text;
using System.Text.Json;

namespace Tandem.Server.Tests.Admin;

/// <summary>A minimal signaling client over a real WebSocket, for the admin integration tests.</summary>
internal sealed class TestSignalingClient : IAsyncDisposable
{
    private static readonly TimeSpan ReceiveLimit = TimeSpan.FromSeconds(15);
    private readonly ClientWebSocket _socket = new();

    private TestSignalingClient(string deviceId) => DeviceId = deviceId;

    public string DeviceId { get; }

    public WebSocketCloseStatus? CloseStatus => _socket.CloseStatus;

    public static async Task<TestSignalingClient> ConnectAsync(Uri uri, string deviceId)
    {
        var client = new TestSignalingClient(deviceId);
        await client._socket.ConnectAsync(uri, CancellationToken.None);
        return client;
    }

    /// <summary>Connects and sends a join.</summary>
    public static async Task<TestSignalingClient> JoinAsync(Uri uri, string deviceId)
    {
        var client = await ConnectAsync(uri, deviceId);
        await client.SendAsync("join", "server");
        return client;
    }

    public static string Counterpart(string deviceId) =>
        deviceId.StartsWith("glasses_", StringComparison.Ordinal) ? "app_" + deviceId["glasses_".Length..] : "glasses_" + deviceId["app_".Length..];

    /// <summary>Sends a message of <paramref name="type"/> from this device, with <c>data</c> if given.</summary>
    public Task SendAsync(string type, string to, string? dataJson = null)
    {
        var time = (DateTimeOffset.UtcNow.ToUnixTimeMilliseconds() * 1000).ToString(CultureInfo.InvariantCulture);
        var data = dataJson is null ? "" : $",\"data\":{dataJson}";
        return SendRawAsync($"{{\"type\":\"{type}\",\"device_id\":\"{DeviceId}\",\"from\":\"{DeviceId}\",\"to\":\"{to}\"{data},\"time\":{time}}}");
    }

    public Task SendRawAsync(string json) =>
        _socket.SendAsync(Encoding.UTF8.GetBytes(json), WebSocketMessageType.Text, true, CancellationToken.None);

    /// <summary>The next message; fails if the socket closes first.</summary>
    public async Task<JsonElement> ReceiveAsync()
    {
        var message = await ReceiveOrCloseAsync();
        Assert.True(message is not null, $"{DeviceId}: socket closed ({_socket.CloseStatus} {_socket.CloseStatusDescription}) while a message was expected");
        return message.Value;
    }

    /// <summary>The next message of <paramref name="type"/>, checking its <c>data.error_code</c> when given.</summary>
    public async Task<JsonElement> ExpectAsync(string type, int? errorCode = null)
    {
        var message = await ReceiveAsync();
        Assert.Equal(type, message.GetProperty("type").GetString());
        if (errorCode is { } code)
        {
            Assert.Equal(code, message.GetProperty("data").GetProperty("error_code").GetInt32());
        }

        return message;
    }

    /// <summary>Reads until the server closes; returns the close code.</summary>
    public async Task<int?> ExpectCloseAsync()
    {
        while (await ReceiveOrCloseAsync() is not null)
        {
        }

        return (int?)_socket.CloseStatus;
    }

    public async ValueTask DisposeAsync()
    {
        if (_socket.State == WebSocketState.Open)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(2));
            try
            {
                await _socket.CloseAsync(WebSocketCloseStatus.NormalClosure, "bye", timeout.Token);
            }
            catch (Exception e) when (e is OperationCanceledException or WebSocketException)
            {
                // The server went first; nothing left to close.
            }
        }

        _socket.Dispose();
    }

    private async Task<JsonElement?> ReceiveOrCloseAsync()
    {
        using var limit = new CancellationTokenSource(ReceiveLimit);
        var buffer = new byte[64 * 1024];
        using var message = new MemoryStream();
        while (true)
        {
            var result = await _socket.ReceiveAsync(buffer, limit.Token);
            if (result.MessageType == WebSocketMessageType.Close)
            {
                return null;
            }

            message.Write(buffer, 0, result.Count);
            if (result.EndOfMessage)
            {
                using var document = JsonDocument.Parse(message.ToArray());
                return document.RootElement.Clone();
            }
        }
    }
}
