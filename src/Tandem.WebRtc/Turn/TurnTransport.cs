namespace Tandem.WebRtc.Turn;

/// <summary>How a client reaches its TURN server (RFC 8656 §3.1; the relay to peers is always UDP).</summary>
internal enum TurnTransport
{
    /// <summary>UDP: <c>turn:host?transport=udp</c> (the default).</summary>
    Udp,

    /// <summary>TCP with RFC 8656 §12.5 framing: <c>turn:host?transport=tcp</c>.</summary>
    Tcp,

    /// <summary>TLS over TCP (RFC 8656 §3.1): <c>turns:host</c>, port 443 passes most firewalls that block UDP.</summary>
    Tls,
}
