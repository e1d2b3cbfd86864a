namespace Tandem.Server.Configuration;

/// <summary><c>Signaling:AllowedOrigins</c>: web origins (RFC 6454 §6.1 serialization) allowed to open the WebSocket.</summary>
public static class OriginList
{
    /// <summary>The comma-separated origins, trimmed, without a trailing slash; empty when not set.</summary>
    public static IReadOnlyList<string> Parse(string? text) =>
        text is null
            ? []
            : text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(o => o.TrimEnd('/')).ToArray();

    /// <summary>
    /// RFC 6455 §10.2: a browser always sends Origin on the upgrade, so a page of another site is told
    /// from a native client (which sends none, and stays allowed). With no list, every origin is.
    /// </summary>
    public static bool Allows(IReadOnlyList<string> allowed, string? origin) =>
        allowed.Count == 0 || string.IsNullOrEmpty(origin) || allowed.Contains(origin.TrimEnd('/'), StringComparer.OrdinalIgnoreCase);
}
