namespace Tandem.WebRtc.Rtcp;

/// <summary>RTCP packet types (https://www.rfc-editor.org/rfc/rfc3550#section-12.1, https://www.rfc-editor.org/rfc/rfc4585#section-6.1).</summary>
internal static class RtcpPacketType
{
    /// <summary>Sender report (RFC 3550 §6.4.1).</summary>
    public const byte SenderReport = 200;

    /// <summary>Receiver report (RFC 3550 §6.4.2).</summary>
    public const byte ReceiverReport = 201;

    /// <summary>Source description (RFC 3550 §6.5).</summary>
    public const byte SourceDescription = 202;

    /// <summary>Goodbye (RFC 3550 §6.6).</summary>
    public const byte Bye = 203;

    /// <summary>Application-defined (RFC 3550 §6.7).</summary>
    public const byte App = 204;

    /// <summary>Transport-layer feedback (RFC 4585 §6.2): generic NACK, TWCC.</summary>
    public const byte TransportFeedback = 205;

    /// <summary>Payload-specific feedback (RFC 4585 §6.3): PLI, FIR, REMB.</summary>
    public const byte PayloadSpecificFeedback = 206;

    /// <summary>RFC 5761 §4: an RTP/RTCP-muxed datagram is RTCP when its second byte is 192–223.</summary>
    public static bool IsRtcp(ReadOnlySpan<byte> datagram) => datagram.Length >= 2 && datagram[1] is >= 192 and <= 223;
}
