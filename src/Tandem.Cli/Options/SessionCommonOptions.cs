using System.Net;
using System.Security.Cryptography.X509Certificates;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Cli.Options;

/// <summary>What <c>tandem device</c> and <c>tandem app</c> share.</summary>
/// <param name="Server">The signaling server's WebSocket URI.</param>
/// <param name="Id">Our id (<c>glasses_&lt;uid&gt;</c> or <c>app_&lt;uid&gt;</c>).</param>
/// <param name="Video">Negotiate video.</param>
/// <param name="Audio">Negotiate audio.</param>
/// <param name="Data">Negotiate the data channel.</param>
/// <param name="Seconds">Stop this long after the connection first came up; run until stopped when null.</param>
/// <param name="TimeoutSeconds">Give up when not connected this long after start; wait for ever when null.</param>
/// <param name="IceAddresses">Gather host candidates only on these addresses; every non-loopback interface when null.</param>
/// <param name="IceLoopback">Also gather on loopback.</param>
/// <param name="Send">Text messages sent on the data channel once it opens.</param>
/// <param name="Quiet">No status lines.</param>
/// <param name="Token">The join token, sent as <c>?token=</c> on the WebSocket URL; null when the server needs none.</param>
/// <param name="SendBinary">Binary messages sent on the data channel once it opens (after the texts).</param>
/// <param name="Echo">Answer each data-channel message that is not itself an echo: text <c>M</c> with <c>echo: M</c>, binary with the bytes of <c>echo: </c> before it.</param>
public sealed record SessionCommonOptions(
    Uri Server,
    string Id,
    bool Video,
    bool Audio,
    bool Data,
    double? Seconds,
    double? TimeoutSeconds,
    IReadOnlyList<IPAddress>? IceAddresses,
    bool IceLoopback,
    IReadOnlyList<string> Send,
    bool Quiet,
    string? Token = null,
    IReadOnlyList<byte[]>? SendBinary = null,
    bool Echo = false)
{
    /// <summary>The URL the signaling channel connects to: <see cref="Server"/> with the token added to its query.</summary>
    public Uri SignalingUri => Token is null
        ? Server
        : new UriBuilder(Server) { Query = (Server.Query.Length > 1 ? Server.Query[1..] + "&" : "") + "token=" + Uri.EscapeDataString(Token) }.Uri;

    /// <summary><c>--ca</c>: the only CAs trusted for the <c>wss://</c> server's certificate; the system's when null.</summary>
    public X509Certificate2Collection? ServerCertificateAuthorities { get; init; }

    /// <summary>Static STUN/TURN servers from <c>--ice-server</c> (the signaling server's come on top).</summary>
    public IReadOnlyList<RtcIceServer> IceServers { get; init; } = [];

    /// <summary><c>--ice-transport-policy</c>.</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; }

    /// <summary><c>--ice-ca</c>: the only CAs trusted for <c>turns:</c> servers; the system's when null.</summary>
    public X509Certificate2Collection? IceCertificateAuthorities { get; init; }
}
