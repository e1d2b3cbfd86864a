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
        new("Signaling:TlsPort", SettingKind.Integer(1, 65535), null, "With Signaling:Tls:CertificatePath: serve https:// and wss:// on this port as well, and keep Signaling:Port plain http:// and ws://. Not set: Signaling:Port serves TLS only"),
        new("Signaling:Tls:CertificatePath", SettingKind.FilePath, null, "Serve https:// and wss:// with this certificate: a PEM file (the chain, server certificate first, e.g. Let's Encrypt's fullchain.pem) or a PFX/PKCS#12 file holding its key. Not set: plain http:// and ws:// only"),
        new("Signaling:Tls:KeyPath", SettingKind.FilePath, null, "The PEM private key of a PEM certificate (e.g. privkey.pem); not set: the key is read from the certificate file itself"),
        new("Signaling:Tls:Password", SettingKind.Text, null, "Password of the PFX file, or of an encrypted PEM key (-----BEGIN ENCRYPTED PRIVATE KEY-----)"),
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
        new("Signaling:MaxOfferAnswerPerSecond", SettingKind.Integer(0, 1_000_000), "5", "Offer and answer messages one connection may send in any second; more get error 1007 (slow down) and count as bad messages; 0: no bound"),
        new("Signaling:MaxIcePerSecond", SettingKind.Integer(0, 1_000_000), "20", "Ice messages one connection may send in any second; more get error 1007 (slow down); 0: no bound"),
        new("Signaling:MaxJoinLeavePerSecond", SettingKind.Integer(0, 1_000_000), "3", "Join and leave messages one connection may send in any second; more get error 1007 (slow down); 0: no bound"),
        new("Signaling:MaxConnectionsPerAddress", SettingKind.Integer(0, 10_000_000), "100", "Open connections from one remote IP address at most; more get error 1007 and close 1013; 0: no bound (behind a reverse proxy every client has the proxy's address)"),
        new("Signaling:AllowedOrigins", SettingKind.Text, null, "Not set: WebSocket upgrades from any web page. Set: a comma-separated list of origins (https://app.example.com); an upgrade whose Origin header is not listed gets 403. Requests without Origin (native apps) are always allowed"),
        new("Signaling:StatsIntervalSeconds", SettingKind.Seconds(1), "60", "How often the forwarding summary line is logged"),
        new("Signaling:Store", SettingKind.Choice("memory", "redis"), "memory", "memory: this process holds every room. redis: rooms are shared through Signaling:Redis:Configuration, so several nodes behind any load balancer act as one server"),
        new("Signaling:Redis:Configuration", SettingKind.Text, null, "With Signaling:Store=redis: the Redis server, as a StackExchange.Redis configuration string (HOST:PORT[,password=...][,ssl=true])"),
        new("Signaling:Redis:KeyPrefix", SettingKind.Text, "tandem:", "Prefix of every Redis key and channel the nodes use, so that several clusters may share one Redis"),
        new("Signaling:Redis:HeartbeatSeconds", SettingKind.Seconds(0.1, 60), "1", "How often a node writes its heartbeat to Redis"),
        new("Signaling:Redis:NodeTimeoutSeconds", SettingKind.Seconds(0.3, 600), "5", "A node whose heartbeat is missing this long is lost: its connections count as closed (their peers get the reconnect grace) and its rooms are taken over"),
        new("Signaling:NodeName", SettingKind.Text, null, "This node's name in the cluster (the admin page, /metrics); not set: the host name"),
        new("Turn:Urls", SettingKind.IceUrls, null, "TURN/STUN servers handed to clients in every role message (data.ice_servers), comma-separated: turn:HOST[:PORT][?transport=udp|tcp], turns:HOST[:PORT], stun:HOST[:PORT] (one string in appsettings.json too); needs Turn:Secret"),
        new("Turn:Secret", SettingKind.Text, null, "The secret shared with the TURN server (coturn: use-auth-secret and static-auth-secret=TEXT); each client gets the username EXPIRY:DEVICE_ID and the password base64(HMAC-SHA1(secret, username))"),
        new("Turn:TtlSeconds", SettingKind.Integer(60, 604800), "3600", "How long issued TURN credentials stay valid; a client that joins again gets new ones"),
        new("Admin:Token", SettingKind.Text, null, "Not set: the admin page and API answer loopback clients only. Set: every admin request needs it (Authorization: Bearer TOKEN, or the page's login), from any address"),
        new("Admin:MaxFailedLoginsPerMinute", SettingKind.Integer(1, 1_000_000), "10", "Wrong tokens (login form or Bearer header) one address may send in a minute; beyond, its admin requests get 429 until the minute is over"),
        new("Auth:Mode", SettingKind.Choice("none", "token", "webhook"), "none", "none: anyone may join as any id. token: a join needs a token signed for its device id (Auth:Secret or Auth:PublicKeyPath; error 1008 otherwise). webhook: Auth:WebhookUrl decides each join"),
        new("Auth:Secret", SettingKind.Text, null, "The HS256 key join tokens are signed with, at least 32 bytes (make one: tandem token --new-secret); set it through the environment (Auth__Secret), not the command line"),
        new("Auth:PublicKeyPath", SettingKind.FilePath, null, "A PEM file with the P-256 public key of ES256 join tokens (the private key stays with whoever mints them)"),
        new("Auth:Issuer", SettingKind.Text, null, "Set: a token's iss must equal it"),
        new("Auth:ClockSkewSeconds", SettingKind.Seconds(0, 3600), "60", "How far a token's exp and nbf may be off the server's clock"),
        new("Auth:WebhookUrl", SettingKind.HttpUrl, null, "With Auth:Mode=webhook: each join is POSTed here as {device_id, room_id, token, remote_address} and admitted on {\"allowed\": true}"),
        new("Auth:WebhookTimeoutSeconds", SettingKind.Seconds(0.1, 60), "3", "A webhook that has not answered by then refuses the join with error 1007 (try again later)"),
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
