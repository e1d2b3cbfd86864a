namespace Tandem.WebRtc.Dtls;

/// <summary>
/// Which side of the DTLS handshake we play. RFC 8842 §5: <c>a=setup:active</c> is the DTLS client,
/// <c>a=setup:passive</c> the server; a JSEP answerer takes <c>active</c>.
/// </summary>
public enum DtlsRole
{
    /// <summary>Sends the ClientHello (<c>a=setup:active</c>).</summary>
    Client,

    /// <summary>Waits for the ClientHello (<c>a=setup:passive</c>).</summary>
    Server,
}
