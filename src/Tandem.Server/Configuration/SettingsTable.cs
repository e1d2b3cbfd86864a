namespace Tandem.Server.Configuration;

/// <summary>
/// Every setting the server reads, in one table: <c>--help</c> prints it, and start-up checks every
/// configured value against it (<see cref="SettingValues.Read"/>). Adding a setting is adding its row;
/// a key of a section listed here that has no row is refused with the closest known key suggested.
/// </summary>
public static class SettingsTable
{
    /// <summary>The rows, in the order <c>--help</c> lists them.</summary>
    public static IReadOnlyList<Setting> All { get; } =
    [
        new("Signaling:ListenAddress", SettingKind.Address, "0.0.0.0", "Address to listen on: 0.0.0.0 every IPv4 address, :: every IPv4 and IPv6 address, 127.0.0.1 this machine only"),
        new("Signaling:Port", SettingKind.Integer(1, 65535), "8000", "TCP port of everything: WebSocket on / and /ws, the pages, the API, /metrics"),
        new("Signaling:RoomTimeoutSeconds", SettingKind.Seconds(1), "30", "A room waits this long for its second member, then the first gets error 1005"),
        new("Signaling:MaxConnections", SettingKind.Integer(1, 10_000_000), "1000", "Open connections at most; more get error 1007 and close 1013"),
        new("Signaling:MessageQueueSize", SettingKind.Integer(10, 100_000_000), "10000", "Accepted but undelivered messages at most; a receiver with over a tenth of it waiting is dropped"),
        new("Signaling:MaxMessageBytes", SettingKind.Integer(1024, 64 * 1024 * 1024), "65536", "Larger messages get error 1003 and close 1009"),
        new("Signaling:KeepAliveIntervalSeconds", SettingKind.Seconds(0), "15", "Ping interval; 0 sends no pings"),
        new("Signaling:KeepAliveTimeoutSeconds", SettingKind.Seconds(0), "15", "A ping unanswered this long counts as a disconnection; 0 turns the check off"),
        new("Signaling:JoinTimeoutSeconds", SettingKind.Seconds(1), "30", "A connection in no room this long gets error 1005 and is closed"),
        new("Signaling:ReconnectGraceSeconds", SettingKind.Seconds(1), "30", "A paired member's place is held this long after its connection drops"),
        new("Signaling:DuplicateIdPolicy", SettingKind.Choice("replace", "reject"), "replace", "A second connection with an id already connected replaces the first, or is rejected with error 1001"),
        new("Signaling:MaxBadMessagesPerMinute", SettingKind.Integer(1, 1_000_000), "20", "More bad messages than this in a minute close the connection (1008)"),
        new("Signaling:StatsIntervalSeconds", SettingKind.Seconds(1), "60", "How often the forwarding summary line is logged"),
        new("Admin:Token", SettingKind.Text, null, "Not set: the admin page and API answer loopback clients only. Set: every admin request needs it (Authorization: Bearer TOKEN, or the page's login), from any address"),
        new("Logging:Console:Batched", SettingKind.Boolean, "true", "Console lines are written in batches by one background thread (at most 50 ms late; 1 MiB waiting at most, lines beyond are dropped and counted); false: .NET's console logger, one write per line"),
        new("Logging:File:Path", SettingKind.FilePath, null, "Also write the log lines to this file (created with its folder); when it reaches MaxSizeMiB it is renamed PATH.1 (PATH.1 to PATH.2, ...) and a new one is started"),
        new("Logging:File:MaxSizeMiB", SettingKind.Integer(1, 1_000_000), "64", "Size at which the log file rolls over, in MiB"),
        new("Logging:File:MaxFiles", SettingKind.Integer(1, 1000), "5", "Files kept in all, the current one included; the oldest is deleted"),
        new("Logging:File:LogLevel:*", SettingKind.Level, null, "Level for a category in the file only (Logging:File:LogLevel:Default for all); Logging:LogLevel:* applies otherwise"),
        new("OpenTelemetry:Endpoint", SettingKind.HttpUrl, null, "Also export the metrics over OTLP to this collector (http://HOST:4318 for http/protobuf, /v1/metrics is added; http://HOST:4317 for grpc); not set: /metrics only"),
        new("OpenTelemetry:Protocol", SettingKind.Choice("http/protobuf", "grpc"), "http/protobuf", "OTLP transport"),
        new("OpenTelemetry:ExportIntervalSeconds", SettingKind.Seconds(0.1, 3600), "60", "How often the metrics are exported"),
        new("OpenTelemetry:Headers", SettingKind.Text, null, "Headers sent with each export, as KEY=VALUE pairs separated by commas (e.g. an API key)"),
    ];

    /// <summary>
    /// Sections other components read too (.NET's console logger reads <c>Logging:Console:FormatterName</c>
    /// and more): keys there are not refused for having no row.
    /// </summary>
    public static IReadOnlyList<string> SharedSections { get; } = ["Logging:Console"];

    /// <summary>Host settings of .NET's that are valid on the command line without a section.</summary>
    public static IReadOnlyList<string> HostKeys { get; } = ["environment", "contentRoot", "applicationName", "AllowedHosts"];

    /// <summary>The sections whose every key must have a row (<c>Signaling</c>, <c>Admin</c>, <c>Logging:File</c>, ...).</summary>
    public static IReadOnlyList<string> OwnedSections { get; } =
        All.Where(s => !s.IsFamily).Select(s => s.Parent)
            .Where(p => !SharedSections.Contains(p, StringComparer.OrdinalIgnoreCase))
            .Distinct(StringComparer.OrdinalIgnoreCase).ToArray();

    /// <summary>The row of <paramref name="key"/>, or null.</summary>
    public static Setting? Find(string key) => All.FirstOrDefault(s => s.Matches(key));

    /// <summary>Whether <paramref name="key"/> lies in a section of ours (so it needs a row).</summary>
    public static bool IsOwned(string key) =>
        OwnedSections.Any(section => key.StartsWith(section + ":", StringComparison.OrdinalIgnoreCase));
}
