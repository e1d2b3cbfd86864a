namespace Tandem.Server.Configuration;

/// <summary>
/// One row of <see cref="SettingsTable"/>: a configuration key, the values it takes, its default and
/// what it does. A key whose last segment is <c>*</c> stands for a family (<c>Logging:File:LogLevel:*</c>).
/// </summary>
/// <param name="Key">The key as written on the command line after <c>--</c> (<c>Signaling:Port</c>).</param>
/// <param name="Kind">The values it takes.</param>
/// <param name="Default">The default as text (parsed by <paramref name="Kind"/>); null when unset by default.</param>
/// <param name="Description">What it does, for <c>--help</c>: one sentence or two, no trailing period needed.</param>
public sealed record Setting(string Key, SettingKind Kind, string? Default, string Description)
{
    /// <summary>True for a family of keys (<c>Section:Sub:*</c>).</summary>
    public bool IsFamily => Key.EndsWith(":*", StringComparison.Ordinal);

    /// <summary>The first segment (<c>Signaling</c>), the heading it is listed under.</summary>
    public string Group => Key[..Key.IndexOf(':', StringComparison.Ordinal)];

    /// <summary>Everything before the last segment (<c>Logging:File</c> for <c>Logging:File:Path</c>).</summary>
    public string Parent => Key[..Key.LastIndexOf(':')];

    /// <summary>The last segment (<c>Port</c>).</summary>
    public string Leaf => Key[(Key.LastIndexOf(':') + 1)..];

    /// <summary>Whether configuration key <paramref name="key"/> is this setting (case-insensitive, as configuration is).</summary>
    public bool Matches(string key) => IsFamily
        ? key.Length > Key.Length - 1 && key.StartsWith(Key[..^1], StringComparison.OrdinalIgnoreCase)
        : string.Equals(key, Key, StringComparison.OrdinalIgnoreCase);
}
