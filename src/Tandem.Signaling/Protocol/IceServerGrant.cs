namespace Tandem.Signaling.Protocol;

/// <summary>
/// One entry of a role message's <c>data.ice_servers</c>: a W3C <c>RTCIceServer</c> with the short-lived
/// TURN credentials issued for the recipient.
/// </summary>
/// <param name="Urls">The server's <c>turn:</c>/<c>turns:</c>/<c>stun:</c> URLs.</param>
/// <param name="Username">TURN REST username: <c>&lt;unix expiry&gt;:&lt;device id&gt;</c>.</param>
/// <param name="Credential">base64(HMAC-SHA1(secret, username)).</param>
public sealed record IceServerGrant(IReadOnlyList<string> Urls, string Username, string Credential);
