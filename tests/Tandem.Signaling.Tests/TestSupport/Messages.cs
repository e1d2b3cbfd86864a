using System.Text.Json;
using System.Text.Json.Nodes;

namespace Tandem.Signaling.Tests.TestSupport;

/// <summary>Client messages as PROTOCOL.md shows them, as mutable JSON so tests can break one field.</summary>
internal static class Messages
{
    public const long Time = 1732442082000000;

    public static JsonObject Join(string id) => new()
    {
        ["type"] = "join",
        ["device_id"] = id,
        ["from"] = id,
        ["to"] = "server",
        ["time"] = Time,
    };

    /// <summary>A join carrying <paramref name="token"/> as <c>data.token</c>.</summary>
    public static JsonObject Join(string id, string token) => Join(id).With("data", new JsonObject { ["token"] = token });

    public static JsonObject Leave(string id) => new()
    {
        ["type"] = "leave",
        ["device_id"] = id,
        ["from"] = id,
        ["to"] = "server",
        ["time"] = Time,
    };

    public static JsonObject Relay(string type, string from, string to, JsonObject? data = null) => new()
    {
        ["type"] = type,
        ["device_id"] = from,
        ["from"] = from,
        ["to"] = to,
        ["data"] = data ?? new JsonObject { ["type"] = type, ["sdp"] = "v=0\r\n" },
        ["time"] = Time,
    };

    public static byte[] Bytes(this JsonNode node) => JsonSerializer.SerializeToUtf8Bytes(node);

    public static JsonObject With(this JsonObject message, string field, JsonNode? value)
    {
        message[field] = value;
        return message;
    }

    public static JsonObject Without(this JsonObject message, string field)
    {
        message.Remove(field);
        return message;
    }
}
