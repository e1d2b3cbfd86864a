namespace Tandem.WebRtc.Sctp;

/// <summary>Tunables of an <see cref="SctpAssociation"/>; defaults suit WebRTC data channels over DTLS (RFC 8261, RFC 8831).</summary>
internal sealed record SctpAssociationOptions
{
    /// <summary>Our SCTP port (SDP <c>a=sctp-port</c>, RFC 8841; 5000 by convention).</summary>
    public ushort LocalPort { get; init; } = 5000;

    /// <summary>The peer's SCTP port.</summary>
    public ushort RemotePort { get; init; } = 5000;

    /// <summary>
    /// Largest SCTP packet sent. RFC 8261 §5 suggests 1200 bytes over DTLS/UDP/IPv6, but the packet
    /// must also fit one DTLS record: a 1232-byte datagram leaves 1195 bytes with AES-GCM, so 1180.
    /// </summary>
    public int Mtu { get; init; } = 1180;

    /// <summary>Largest user message accepted by <see cref="SctpAssociation.Send"/> (SDP max-message-size, RFC 8841 §6).</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Receive buffer advertised as a_rwnd; must hold at least one whole message for reassembly.</summary>
    public int ReceiveWindow { get; init; } = 1024 * 1024;

    /// <summary>Streams offered in each direction (RFC 8831 §6.2: 65535 lets both sides use every data channel id).</summary>
    public ushort Streams { get; init; } = ushort.MaxValue;

    /// <summary>RTO.Initial (RFC 9260 §16 says 1 s).</summary>
    public TimeSpan RtoInitial { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>RTO.Min; lower than RFC 9260's 1 s, as libwebrtc does, so losses on short paths recover quickly.</summary>
    public TimeSpan RtoMin { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>RTO.Max (RFC 9260 §16: 60 s).</summary>
    public TimeSpan RtoMax { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Delayed SACK timeout (RFC 9260 §6.2: at most 500 ms; 200 ms is customary).</summary>
    public TimeSpan DelayedAckTimeout { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>HB.interval (RFC 9260 §8.3).</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>Valid.Cookie.Life (RFC 9260 §16).</summary>
    public TimeSpan CookieLifetime { get; init; } = TimeSpan.FromSeconds(60);

    /// <summary>Max.Init.Retransmits (RFC 9260 §16).</summary>
    public int MaxInitRetransmits { get; init; } = 8;

    /// <summary>Association.Max.Retrans (RFC 9260 §16): consecutive timeouts before the association fails.</summary>
    public int MaxRetransmissions { get; init; } = 10;
}
