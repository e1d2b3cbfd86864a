using System.Globalization;
using Tandem.Signaling.Turn;

namespace Tandem.Server.Configuration;

/// <summary>
/// The <c>Turn:*</c> settings: with <c>Turn:Urls</c> and <c>Turn:Secret</c> set, every role message carries
/// short-lived TURN credentials (PROTOCOL.md "TURN credentials"); both unset, none. Checked at start-up.
/// </summary>
/// <remarks>
/// Settings-table entries (one line each):
/// <c>Turn:Urls</c> — TURN/STUN URLs handed to clients, comma-separated (turn:HOST[:PORT][?transport=udp|tcp], turns:HOST[:PORT], stun:HOST[:PORT]); default none.
/// <c>Turn:Secret</c> — the secret shared with the TURN server (coturn static-auth-secret, use-auth-secret); default none.
/// <c>Turn:TtlSeconds</c> — how long issued TURN credentials stay valid, 60–604800 seconds; default 3600.
/// </remarks>
internal static class TurnSettings
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Turn";

    /// <summary>Reads the section; adds a message naming each bad key to <paramref name="errors"/>.</summary>
    public static TurnCredentialIssuer? Load(IConfiguration configuration, List<string> errors)
    {
        var section = configuration.GetSection(Section);
        var urls = ReadUrls(section);
        var secret = section["Secret"];
        var ttlText = section["TtlSeconds"];
        var ttl = 3600;
        if (ttlText is not null && (!int.TryParse(ttlText, NumberStyles.Integer, CultureInfo.InvariantCulture, out ttl) || ttl is < 60 or > 604800))
        {
            errors.Add($"  {Section}:TtlSeconds = '{ttlText}': must be a whole number of seconds from 60 to 604800");
            return null;
        }

        if (urls.Count == 0 && string.IsNullOrEmpty(secret))
        {
            return null;
        }

        if (urls.Count == 0 || string.IsNullOrEmpty(secret))
        {
            errors.Add(urls.Count == 0
                ? $"  {Section}:Secret is set but {Section}:Urls is not: give the TURN URLs (e.g. turn:turn.example.org:3478)"
                : $"  {Section}:Urls is set but {Section}:Secret is not: give the TURN server's static-auth-secret");
            return null;
        }

        foreach (var url in urls)
        {
            if (!IsIceUrl(url))
            {
                errors.Add($"  {Section}:Urls: '{url}' is not turn:HOST[:PORT][?transport=udp|tcp], turns:HOST[:PORT] or stun:HOST[:PORT]");
            }
        }

        return errors.Count == 0 ? new TurnCredentialIssuer(urls, secret!, TimeSpan.FromSeconds(ttl)) : null;
    }

    /// <summary><c>Turn:Urls</c> as one comma-separated string, or as an array (<c>Turn:Urls:0</c>, ...) from JSON.</summary>
    private static List<string> ReadUrls(IConfigurationSection section)
    {
        var urls = new List<string>();
        var text = section["Urls"];
        if (text is not null)
        {
            urls.AddRange(text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));
        }

        foreach (var child in section.GetSection("Urls").GetChildren())
        {
            if (!string.IsNullOrWhiteSpace(child.Value))
            {
                urls.Add(child.Value.Trim());
            }
        }

        return urls;
    }

    private static bool IsIceUrl(string url)
    {
        var colon = url.IndexOf(':', StringComparison.Ordinal);
        var scheme = colon < 0 ? string.Empty : url[..colon].ToLowerInvariant();
        var rest = colon < 0 ? string.Empty : url[(colon + 1)..];
        return scheme is "turn" or "turns" or "stun" && rest.Length > 0 && !rest.StartsWith('/') && !rest.Contains(' ', StringComparison.Ordinal)
            && (rest.IndexOf('?', StringComparison.Ordinal) is var q && (q < 0 || rest[(q + 1)..] is "transport=udp" or "transport=tcp"));
    }
}
