using System.Globalization;

namespace Tandem.WebRtc.Turn;

/// <summary>
/// One TURN server to allocate on: its URI (RFC 7065: <c>turn:host[:port][?transport=udp|tcp]</c> or
/// <c>turns:host[:port][?transport=tcp]</c>) and the long-term credentials (RFC 8489 §9.2) for it,
/// as a W3C <c>RTCIceServer</c> carries them in <c>urls</c>, <c>username</c> and <c>credential</c>.
/// </summary>
internal sealed record TurnServer
{
    /// <summary>Default port of <c>turn:</c> (RFC 8656 §3.1).</summary>
    public const int DefaultPort = 3478;

    /// <summary>Default port of <c>turns:</c> (RFC 8656 §3.1).</summary>
    public const int DefaultTlsPort = 5349;

    /// <summary>The URI as configured.</summary>
    public required string Url { get; init; }

    /// <summary>Host name or IP literal (without brackets).</summary>
    public required string Host { get; init; }

    /// <summary>Port.</summary>
    public required int Port { get; init; }

    /// <summary>Transport to the server.</summary>
    public required TurnTransport Transport { get; init; }

    /// <summary>USERNAME for the long-term credential mechanism.</summary>
    public required string Username { get; init; }

    /// <summary>The password the key is derived from (RFC 8489 §9.2.2).</summary>
    public required string Password { get; init; }

    /// <inheritdoc />
    public override string ToString() => Url;

    /// <summary>
    /// Parses a <c>turn:</c> or <c>turns:</c> URI (RFC 7065 §3.1). Returns false with a reason that names
    /// the problem for anything else: another scheme, a missing or bad host or port, an unknown
    /// transport, <c>turns:</c> over UDP (DTLS is not supported), or missing credentials (W3C: a TURN
    /// server needs a username and a credential).
    /// </summary>
    public static bool TryParse(string url, string? username, string? password, out TurnServer? server, out string error)
    {
        server = null;
        error = string.Empty;
        ArgumentNullException.ThrowIfNull(url);
        var secure = url.StartsWith("turns:", StringComparison.OrdinalIgnoreCase);
        if (!secure && !url.StartsWith("turn:", StringComparison.OrdinalIgnoreCase))
        {
            error = $"'{url}' is not a TURN URL (turn:host[:port][?transport=udp|tcp] or turns:host[:port])";
            return false;
        }

        var rest = url[(secure ? 6 : 5)..];
        var query = rest.IndexOf('?', StringComparison.Ordinal);
        var transportText = query < 0 ? null : rest[(query + 1)..];
        var hostPort = query < 0 ? rest : rest[..query];
        var transport = secure ? TurnTransport.Tls : TurnTransport.Udp;
        if (transportText is not null)
        {
            transport = transportText.ToLowerInvariant() switch
            {
                "transport=udp" when !secure => TurnTransport.Udp,
                "transport=tcp" => secure ? TurnTransport.Tls : TurnTransport.Tcp,
                _ => (TurnTransport)(-1),
            };
            if (!Enum.IsDefined(transport))
            {
                error = $"'{url}': the query must be ?transport=udp or ?transport=tcp (turns: is TLS over TCP only)";
                return false;
            }
        }

        if (!TrySplitHostPort(hostPort, secure ? DefaultTlsPort : DefaultPort, out var host, out var port))
        {
            error = $"'{url}': expected a host and an optional port 1-65535 (IPv6 in brackets)";
            return false;
        }

        if (string.IsNullOrEmpty(username) || string.IsNullOrEmpty(password))
        {
            error = $"'{url}': a TURN server needs a username and a credential";
            return false;
        }

        server = new TurnServer { Url = url, Host = host, Port = port, Transport = transport, Username = username, Password = password };
        return true;
    }

    private static bool TrySplitHostPort(string text, int defaultPort, out string host, out int port)
    {
        host = text;
        port = defaultPort;
        string? portText = null;
        if (text.StartsWith('['))
        {
            var close = text.IndexOf(']', StringComparison.Ordinal);
            if (close < 0)
            {
                return false;
            }

            host = text[1..close];
            var after = text[(close + 1)..];
            if (after.Length > 0)
            {
                if (after[0] != ':')
                {
                    return false;
                }

                portText = after[1..];
            }
        }
        else
        {
            var colon = text.LastIndexOf(':');
            if (colon >= 0)
            {
                host = text[..colon];
                portText = text[(colon + 1)..];
            }
        }

        if (portText is not null && (!int.TryParse(portText, NumberStyles.None, CultureInfo.InvariantCulture, out port) || port is < 1 or > 65535))
        {
            return false;
        }

        // A colon is only part of a host inside brackets (an IPv6 literal).
        var bracketed = text.StartsWith('[');
        return host.Length > 0 && !host.Contains('/', StringComparison.Ordinal) && (bracketed || !host.Contains(':', StringComparison.Ordinal));
    }
}
