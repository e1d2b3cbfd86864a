using System.Text.Json.Nodes;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>Client messages as PROTOCOL.md shows them.</summary>
internal static class Messages
{
    public static long Now => (DateTimeOffset.UtcNow.UtcTicks - DateTimeOffset.UnixEpoch.UtcTicks) / 10;

    public static JsonObject Join(string id) => new() { ["type"] = "join", ["device_id"] = id, ["from"] = id, ["to"] = "server", ["time"] = Now };

    public static JsonObject Leave(string id) => new() { ["type"] = "leave", ["device_id"] = id, ["from"] = id, ["to"] = "server", ["time"] = Now };

    public static JsonObject Relay(string type, string from, string to, JsonObject? data = null) => new()
    {
        ["type"] = type,
        ["device_id"] = from,
        ["from"] = from,
        ["to"] = to,
        ["data"] = data ?? new JsonObject { ["type"] = type, ["sdp"] = "v=0\r\no=- 1 1 IN IP4 127.0.0.1\r\n" },
        ["time"] = Now,
    };

    public static JsonObject With(this JsonObject message, string field, JsonNode? value)
    {
        message[field] = value;
        return message;
    }
}
