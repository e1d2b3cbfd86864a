namespace Tandem.Signaling.Protocol;

/// <summary>
/// One entry of a role message's <c>data.ice_servers</c> (PROTOCOL.md R18): a W3C <c>RTCIceServer</c>
/// (https://www.w3.org/TR/webrtc/#rtciceserver-dictionary), either with the short-lived TURN credentials
/// issued for the recipient or as the join webhook returned it.
/// </summary>
/// <param name="Urls">The server's <c>turn:</c>/<c>turns:</c>/<c>stun:</c>/<c>stuns:</c> URLs.</param>
/// <param name="Username">For TURN: the username (TURN REST: <c>&lt;unix expiry&gt;:&lt;device id&gt;</c>); null for STUN.</param>
/// <param name="Credential">For TURN: the password (TURN REST: base64(HMAC-SHA1(secret, username))); null for STUN.</param>
public sealed record IceServerGrant(IReadOnlyList<string> Urls, string? Username, string? Credential);
