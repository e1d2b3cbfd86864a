using System.Text.Json;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Signaling;

/// <summary>
/// Reads <c>data.ice_servers</c> of a role message: an array of W3C <c>RTCIceServer</c> objects
/// (<c>urls</c> a string or an array of strings, optional <c>username</c> and <c>credential</c> strings).
/// Never throws: entries of another shape are skipped. Null when there is no usable entry, so that a
/// <see cref="RoleAssignment"/> without servers keeps the record's value equality.
/// </summary>
internal static class IceServersPayload
{
    public static IReadOnlyList<RtcIceServer>? Parse(JsonElement data)
    {
        if (!data.TryGetProperty("ice_servers", out var list) || list.ValueKind != JsonValueKind.Array)
        {
            return null;
        }

        var servers = new List<RtcIceServer>();
        foreach (var entry in list.EnumerateArray())
        {
            if (entry.ValueKind != JsonValueKind.Object || !entry.TryGetProperty("urls", out var urls))
            {
                continue;
            }

            var parsed = new List<string>();
            if (urls.ValueKind == JsonValueKind.String)
            {
                parsed.Add(urls.GetString()!);
            }
            else if (urls.ValueKind == JsonValueKind.Array)
            {
                parsed.AddRange(urls.EnumerateArray().Where(u => u.ValueKind == JsonValueKind.String).Select(u => u.GetString()!));
            }

            if (parsed.Count > 0)
            {
                servers.Add(new RtcIceServer(parsed, Text(entry, "username"), Text(entry, "credential")));
            }
        }

        return servers.Count > 0 ? servers : null;
    }

    private static string? Text(JsonElement element, string name) =>
        element.TryGetProperty(name, out var value) && value.ValueKind == JsonValueKind.String ? value.GetString() : null;
}
