namespace Tandem.WebRtc.Turn;

/// <summary>
/// Why an allocation failed or was lost, in the shape of a W3C <c>RTCPeerConnectionIceErrorEvent</c>:
/// the server's URL, the STUN error code when the server gave one (0 otherwise, e.g. no answer), and
/// a message that says what to check.
/// </summary>
/// <param name="Url">The TURN server's URL.</param>
/// <param name="Code">STUN error code (RFC 8489 §14.8, RFC 8656 §19), or 0 when the server gave none.</param>
/// <param name="Message">What happened and what to do.</param>
public sealed record TurnError(string Url, int Code, string Message)
{
    /// <inheritdoc />
    public override string ToString() => Message;
}
