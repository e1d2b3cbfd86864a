using System.Text.Json;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.Auth;

/// <summary>
/// Reads the <c>ice_servers</c> a join webhook may return beside <c>"allowed": true</c>: W3C
/// <c>RTCIceServer</c> objects (https://www.w3.org/TR/webrtc/#rtciceserver-dictionary) that the server passes
/// on in the connection's role messages. Entries that are not well-formed are left out, each with the reason,
/// so that one bad entry costs that entry and never the join.
/// </summary>
internal static class WebhookIceServers
{
    internal const int MaxServers = 8;
    internal const int MaxUrls = 8;
    internal const int MaxLength = 512;

    private static readonly string[] Schemes = ["stun:", "stuns:", "turn:", "turns:"];

    /// <summary>The well-formed entries of <paramref name="answer"/>'s <c>ice_servers</c> (null when there are none) and why each other one was left out.</summary>
    public static IReadOnlyList<IceServerGrant>? Read(JsonElement answer, List<string> problems)
    {
        if (!answer.TryGetProperty("ice_servers", out var list) || list.ValueKind == JsonValueKind.Null)
        {
            return null;
        }

        if (list.ValueKind != JsonValueKind.Array)
        {
            problems.Add("ice_servers is not an array of RTCIceServer objects");
            return null;
        }

        var servers = new List<IceServerGrant>();
        var index = 0;
        foreach (var entry in list.EnumerateArray())
        {
            if (servers.Count == MaxServers)
            {
                problems.Add($"ice_servers has more than {MaxServers} entries; the rest were left out");
                break;
            }

            if (Entry(entry, out var why) is { } server)
            {
                servers.Add(server);
            }
            else
            {
                problems.Add($"ice_servers[{index}] left out: {why}");
            }

            index++;
        }

        return servers.Count == 0 ? null : servers;
    }

    private static IceServerGrant? Entry(JsonElement entry, out string why)
    {
        why = "";
        if (entry.ValueKind != JsonValueKind.Object)
        {
            why = "not an object";
            return null;
        }

        var urls = Urls(entry, ref why);
        if (urls is null)
        {
            return null;
        }

        if (!OptionalString(entry, "username", out var username) || !OptionalString(entry, "credential", out var credential))
        {
            why = $"username and credential must be strings of at most {MaxLength} characters";
            return null;
        }

        // W3C RTCPeerConnection constructor: a turn:/turns: URL without username and credential is an InvalidAccessError.
        if ((username is null || credential is null) && urls.Any(u => u.StartsWith("turn", StringComparison.OrdinalIgnoreCase)))
        {
            why = "a turn: or turns: URL needs a username and a credential";
            return null;
        }

        return new IceServerGrant(urls, username, credential);
    }

    private static string[]? Urls(JsonElement entry, ref string why)
    {
        if (!entry.TryGetProperty("urls", out var value))
        {
            why = "urls is missing";
            return null;
        }

        string?[] urls = value.ValueKind switch
        {
            JsonValueKind.String => [value.GetString()],
            JsonValueKind.Array when value.GetArrayLength() is > 0 and <= MaxUrls =>
                [.. value.EnumerateArray().Select(u => u.ValueKind == JsonValueKind.String ? u.GetString() : null)],
            _ => [],
        };
        if (urls.Length == 0)
        {
            why = $"urls must be a URL or an array of 1 to {MaxUrls} URLs";
            return null;
        }

        foreach (var url in urls)
        {
            if (url is null || url.Length > MaxLength || !Schemes.Any(s => url.StartsWith(s, StringComparison.OrdinalIgnoreCase)))
            {
                why = $"\"{Shorten(url)}\" is not a stun:, stuns:, turn: or turns: URL (RFC 7064, RFC 7065)";
                return null;
            }
        }

        return urls!;
    }

    private static bool OptionalString(JsonElement entry, string name, out string? value)
    {
        value = null;
        if (!entry.TryGetProperty(name, out var property) || property.ValueKind == JsonValueKind.Null)
        {
            return true;
        }

        value = property.ValueKind == JsonValueKind.String ? property.GetString() : null;
        return value is { Length: <= MaxLength };
    }

    private static string Shorten(string? url) => url is null ? "(not a string)" : url.Length > 40 ? url[..40] + "…" : url;
}
