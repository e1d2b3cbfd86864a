namespace Tandem.WebRtc.DataChannels;

/// <summary>Options of a new data channel (W3C RTCDataChannelInit).</summary>
public sealed record RtcDataChannelInit
{
    /// <summary>In-order delivery (default true).</summary>
    public bool Ordered { get; init; } = true;

    /// <summary>Partial reliability: retransmissions before a message is abandoned. Exclusive with <see cref="MaxPacketLifeTime"/>.</summary>
    public ushort? MaxRetransmits { get; init; }

    /// <summary>Partial reliability: how long (ms) a message may be retransmitted. Exclusive with <see cref="MaxRetransmits"/>.</summary>
    public ushort? MaxPacketLifeTime { get; init; }

    /// <summary>Sub-protocol name carried in DATA_CHANNEL_OPEN.</summary>
    public string Protocol { get; init; } = "";

    /// <summary>True when the application negotiated the channel out of band (no DCEP); then <see cref="Id"/> is required.</summary>
    public bool Negotiated { get; init; }

    /// <summary>Stream id; chosen automatically by DTLS role parity when null (RFC 8832 §6).</summary>
    public ushort? Id { get; init; }

    /// <summary>DCEP priority (RFC 8832 §5.1; 256 = "normal" as browsers send).</summary>
    public ushort Priority { get; init; } = 256;
}
