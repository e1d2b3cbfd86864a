using System.Buffers;
using System.Text.Json;

namespace Tandem.Client.Signaling;

/// <summary>The messages a client sends (requirements §2–3, PROTOCOL.md R10–R14), as UTF-8 JSON.</summary>
internal static class ClientMessages
{
    public static byte[] Join(string deviceId, long timeMicros) => Write(deviceId, "join", "server", default, timeMicros);

    public static byte[] Leave(string deviceId, long timeMicros) => Write(deviceId, "leave", "server", default, timeMicros);

    public static byte[] Relay(string deviceId, PeerMessageType type, string to, JsonElement data, long timeMicros) =>
        Write(deviceId, WireName(type), to, data, timeMicros);

    public static string WireName(PeerMessageType type) => type switch
    {
        PeerMessageType.Offer => "offer",
        PeerMessageType.Answer => "answer",
        PeerMessageType.Restart => "restart",
        _ => "ice",
    };

    public static long Micros(TimeProvider time) =>
        (time.GetUtcNow().UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / TimeSpan.TicksPerMicrosecond;

    private static byte[] Write(string deviceId, string type, string to, JsonElement data, long timeMicros)
    {
        var buffer = new ArrayBufferWriter<byte>(256);
        using (var writer = new Utf8JsonWriter(buffer))
        {
            writer.WriteStartObject();
            writer.WriteString("type", type);
            writer.WriteString("device_id", deviceId);
            writer.WriteString("from", deviceId);
            writer.WriteString("to", to);
            if (data.ValueKind != JsonValueKind.Undefined)
            {
                writer.WritePropertyName("data");
                data.WriteTo(writer);
            }

            writer.WriteNumber("time", timeMicros);
            writer.WriteEndObject();
        }

        return buffer.WrittenSpan.ToArray();
    }
}
