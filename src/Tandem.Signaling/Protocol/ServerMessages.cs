using System.Buffers;
using System.Buffers.Text;
using System.Text.Json;

namespace Tandem.Signaling.Protocol;

/// <summary>Builds the messages the server sends (PROTOCOL.md R18, R23, R30, R31).</summary>
public static class ServerMessages
{
    [ThreadStatic]
    private static ArrayBufferWriter<byte>? _threadBuffer;

    [ThreadStatic]
    private static Utf8JsonWriter? _threadWriter;

    /// <summary>
    /// R18/R20/R30: the role message, telling <paramref name="recipient"/> its role and its peer; with
    /// <paramref name="iceServers"/> not empty, also <c>data.ice_servers</c> (W3C <c>RTCIceServer</c> shape).
    /// </summary>
    public static OutboundMessage Role(string recipient, string peer, bool offerer, string roomId, bool resumed, long timeMicros, IReadOnlyList<IceServerGrant>? iceServers = null) =>
        Build(w =>
        {
            Header(w, "role", peer, "server", recipient);
            w.WriteStartObject("data");
            w.WriteString("role", offerer ? "offerer" : "answerer");
            w.WriteString("peer_id", peer);
            w.WriteString("room_id", roomId);
            if (resumed)
            {
                w.WriteBoolean("resumed", true);
            }

            if (iceServers is { Count: > 0 })
            {
                w.WriteStartArray("ice_servers");
                foreach (var server in iceServers)
                {
                    WriteIceServer(w, server);
                }

                w.WriteEndArray();
            }

            w.WriteEndObject();
            w.WriteNumber("time", timeMicros);
        });

    private static void WriteIceServer(Utf8JsonWriter w, IceServerGrant server)
    {
        w.WriteStartObject();
        w.WriteStartArray("urls");
        foreach (var url in server.Urls)
        {
            w.WriteStringValue(url);
        }

        w.WriteEndArray();
        if (server.Username is not null)
        {
            w.WriteString("username", server.Username);
        }

        if (server.Credential is not null)
        {
            w.WriteString("credential", server.Credential);
        }

        w.WriteEndObject();
    }

    /// <summary>R31: an error; <paramref name="recipient"/> is "" before the client joined.</summary>
    public static OutboundMessage Error(string recipient, ErrorCode code, string message, string? requestType, long timeMicros) =>
        Build(w =>
        {
            Header(w, "error", recipient, "server", recipient);
            w.WriteStartObject("data");
            w.WriteNumber("error_code", (int)code);
            w.WriteString("error_message", message);
            if (requestType is not null)
            {
                w.WriteString("request_type", requestType);
            }

            w.WriteEndObject();
            w.WriteNumber("time", timeMicros);
        });

    /// <summary>R30: the leave a peer receives when its partner's reconnect grace ran out.</summary>
    public static OutboundMessage DisconnectedLeave(string departed, string roomId, long timeMicros) =>
        Build(w =>
        {
            Header(w, "leave", departed, departed, "server");
            w.WriteStartObject("data");
            w.WriteString("reason", "disconnected");
            w.WriteEndObject();
            w.WriteNumber("time", timeMicros);
            w.WriteString("room_id", roomId);
            w.WriteNumber("server_time", timeMicros);
        });

    /// <summary>
    /// R23: the client's original object, untouched, with <c>room_id</c> and <c>server_time</c> added
    /// before its closing brace. <paramref name="original"/> must be a validated JSON object.
    /// </summary>
    public static OutboundMessage Forward(ReadOnlySpan<byte> original, MessageType type, string roomId, long serverTimeMicros, long receivedTimestamp)
    {
        var end = original.LastIndexOf((byte)'}');
        ReadOnlySpan<byte> roomField = ",\"room_id\":\""u8;
        ReadOnlySpan<byte> timeField = "\",\"server_time\":"u8;
        var length = end + roomField.Length + roomId.Length + timeField.Length + 20 + 1;
        var buffer = ArrayPool<byte>.Shared.Rent(length);
        var span = buffer.AsSpan();
        original[..end].CopyTo(span);
        var at = end;
        roomField.CopyTo(span[at..]);
        at += roomField.Length;
        at += System.Text.Encoding.UTF8.GetBytes(roomId, span[at..]);
        timeField.CopyTo(span[at..]);
        at += timeField.Length;
        Utf8Formatter.TryFormat(serverTimeMicros, span[at..], out var written);
        at += written;
        span[at++] = (byte)'}';
        return new OutboundMessage(buffer, at, type, receivedTimestamp);
    }

    private static void Header(Utf8JsonWriter w, string type, string deviceId, string from, string to)
    {
        w.WriteStartObject();
        w.WriteString("type", type);
        w.WriteString("device_id", deviceId);
        w.WriteString("from", from);
        w.WriteString("to", to);
    }

    private static OutboundMessage Build(Action<Utf8JsonWriter> write)
    {
        var buffer = _threadBuffer ??= new ArrayBufferWriter<byte>(512);
        buffer.ResetWrittenCount();
        var writer = _threadWriter ??= new Utf8JsonWriter(buffer);
        writer.Reset(buffer);
        write(writer);
        writer.WriteEndObject();
        writer.Flush();
        return OutboundMessage.Copy(buffer.WrittenSpan);
    }
}
