using System.Globalization;
using System.Net;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// A STUN or TURN server as W3C <c>RTCIceServer</c> describes it: <c>urls</c> (RFC 7064 <c>stun:</c>,
/// RFC 7065 <c>turn:</c>/<c>turns:</c>), and for TURN the <c>username</c> and <c>credential</c> of the
/// long-term credential mechanism — static ones, or the short-lived ones the signaling server hands out.
/// </summary>
/// <param name="Urls">One or more URLs of the same server.</param>
/// <param name="Username">TURN username.</param>
/// <param name="Credential">TURN password.</param>
public sealed record RtcIceServer(IReadOnlyList<string> Urls, string? Username = null, string? Credential = null)
{
    /// <summary>
    /// W3C "validate an ICE server": throws <see cref="ArgumentException"/> naming the URL and the problem
    /// when a URL is not <c>stun:</c> with an IP address, or a complete <c>turn:</c>/<c>turns:</c> with credentials.
    /// </summary>
    public void Validate() => Split([this]);

    /// <summary>
    /// Splits servers into STUN endpoints and TURN servers for the ICE agent (W3C "validate an
    /// ICE server"): throws <see cref="ArgumentException"/> naming the URL and the problem for any URL
    /// that is not <c>stun:</c> with an IP address, or a complete <c>turn:</c>/<c>turns:</c> with credentials.
    /// </summary>
    internal static (IReadOnlyList<IPEndPoint> Stun, IReadOnlyList<TurnServer> Turn) Split(IEnumerable<RtcIceServer> servers)
    {
        ArgumentNullException.ThrowIfNull(servers);
        var stun = new List<IPEndPoint>();
        var turn = new List<TurnServer>();
        foreach (var server in servers)
        {
            foreach (var url in server.Urls)
            {
                if (url.StartsWith("stun:", StringComparison.OrdinalIgnoreCase))
                {
                    stun.Add(ParseStun(url));
                }
                else if (TurnServer.TryParse(url, server.Username, server.Credential, out var parsed, out var error))
                {
                    turn.Add(parsed!);
                }
                else
                {
                    throw new ArgumentException($"ICE server {error}", nameof(servers));
                }
            }
        }

        return (stun, turn);
    }

    private static IPEndPoint ParseStun(string url)
    {
        // RFC 7064: stun:host[:port]; only IP literals here (the agent does not resolve names for STUN).
        var hostPort = url[5..];
        if (IPEndPoint.TryParse(hostPort, out var endPoint) && (hostPort.Contains(']', StringComparison.Ordinal) || !hostPort.Contains("::", StringComparison.Ordinal)))
        {
            return endPoint.Port == 0 ? new IPEndPoint(endPoint.Address, TurnServer.DefaultPort) : endPoint;
        }

        if (IPAddress.TryParse(hostPort.Trim('[', ']'), out var address))
        {
            return new IPEndPoint(address, TurnServer.DefaultPort);
        }

        throw new ArgumentException(
            string.Create(CultureInfo.InvariantCulture, $"ICE server '{url}': a stun: URL needs an IP address and an optional port (stun:192.0.2.1:3478)"), nameof(url));
    }
}
