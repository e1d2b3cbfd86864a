using System.Buffers;
using System.Net.WebSockets;
using System.Text.Json;

namespace Tandem.Client.Signaling;

public sealed partial class SignalingChannel
{
    /// <summary>Dispatches server messages until the socket closes; returns the close code (null if it just died).</summary>
    private async Task<int?> ReceiveUntilClosedAsync(ClientWebSocket socket)
    {
        var buffer = new ArrayBufferWriter<byte>(4096);
        try
        {
            while (true)
            {
                var result = await socket.ReceiveAsync(buffer.GetMemory(4096), _stop.Token).ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    if (socket.State == WebSocketState.CloseReceived)
                    {
                        await socket.CloseOutputAsync(WebSocketCloseStatus.NormalClosure, "", CancellationToken.None).ConfigureAwait(false);
                    }

                    return (int?)socket.CloseStatus;
                }

                buffer.Advance(result.Count);
                if (result.EndOfMessage)
                {
                    Dispatch(buffer.WrittenMemory);
                    buffer.ResetWrittenCount();
                }
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException)
        {
            return null;
        }
        finally
        {
            socket.Dispose();
        }
    }

    private void Dispatch(ReadOnlyMemory<byte> json)
    {
        JsonDocument document;
        try
        {
            document = JsonDocument.Parse(json);
        }
        catch (JsonException)
        {
            return;
        }

        using (document)
        {
            var message = document.RootElement;
            if (message.ValueKind != JsonValueKind.Object || !message.TryGetProperty("type", out var type))
            {
                return;
            }

            var data = message.TryGetProperty("data", out var d) && d.ValueKind == JsonValueKind.Object ? d : default;
            switch (type.GetString())
            {
                case "role":
                    OnRole(data);
                    break;
                case "offer":
                    PeerMessageReceived?.Invoke(new PeerMessage(PeerMessageType.Offer, Text(message, "from"), data.Clone()));
                    break;
                case "answer":
                    PeerMessageReceived?.Invoke(new PeerMessage(PeerMessageType.Answer, Text(message, "from"), data.Clone()));
                    break;
                case "ice":
                    PeerMessageReceived?.Invoke(new PeerMessage(PeerMessageType.Ice, Text(message, "from"), data.Clone()));
                    break;
                case "restart":
                    PeerMessageReceived?.Invoke(new PeerMessage(PeerMessageType.Restart, Text(message, "from"), data.Clone()));
                    break;
                case "leave":
                    _role = null;
                    SetState(SignalingState.Joined);
                    PeerLeft?.Invoke(new PeerLeft(Text(message, "from"), data.ValueKind == JsonValueKind.Object ? Text(data, "reason", "left") : "left"));
                    break;
                case "error":
                    ErrorReceived?.Invoke(new SignalingError(
                        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("error_code", out var code) && code.TryGetInt32(out var c) ? c : 0,
                        data.ValueKind == JsonValueKind.Object ? Text(data, "error_message") : "",
                        data.ValueKind == JsonValueKind.Object && data.TryGetProperty("request_type", out var r) ? r.GetString() : null));
                    break;
            }
        }
    }

    private void OnRole(JsonElement data)
    {
        if (data.ValueKind != JsonValueKind.Object)
        {
            return;
        }

        var role = new RoleAssignment(
            Text(data, "role") == "offerer",
            Text(data, "peer_id"),
            Text(data, "room_id"),
            data.TryGetProperty("resumed", out var resumed) && resumed.ValueKind == JsonValueKind.True,
            IceServersPayload.Parse(data));
        _role = role;
        SetState(SignalingState.Paired);
        RoleAssigned?.Invoke(role);
    }

    private static string Text(JsonElement element, string name, string fallback = "") =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString()! : fallback;
}
