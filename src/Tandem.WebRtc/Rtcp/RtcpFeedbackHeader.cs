using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 4585 §6.1: common packet format for feedback messages
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|   FMT   |       PT      |          length               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// :            Feedback Control Information (FCI)                 :

/// <summary>
/// Reads and writes the RFC 4585 §6.1 feedback header shared by NACK, PLI, FIR and REMB
/// (https://www.rfc-editor.org/rfc/rfc4585#section-6.1).
/// </summary>
internal static class RtcpFeedbackHeader
{
    /// <summary>Header plus the two SSRCs.</summary>
    public const int Length = RtcpHeader.Length + 8;

    /// <summary>Checks type and FMT, and returns the SSRCs and the FCI.</summary>
    public static bool TryRead(ReadOnlySpan<byte> packet, byte packetType, int format, out uint senderSsrc, out uint mediaSsrc, out ReadOnlySpan<byte> fci)
    {
        senderSsrc = mediaSsrc = 0;
        fci = default;
        if (!RtcpHeader.TryReadBody(packet, packetType, format, out _, out var body) || body.Length < 8)
        {
            return false;
        }

        senderSsrc = BinaryPrimitives.ReadUInt32BigEndian(body);
        mediaSsrc = BinaryPrimitives.ReadUInt32BigEndian(body[4..]);
        fci = body[8..];
        return true;
    }

    /// <summary>Writes the header for a packet with <paramref name="fciLength"/> bytes of FCI; false if it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, byte packetType, int format, uint senderSsrc, uint mediaSsrc, int fciLength, out int written)
    {
        written = Length + fciLength;
        if (destination.Length < written || written > 4 * 65536)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, format, packetType, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], senderSsrc);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], mediaSsrc);
        return true;
    }
}
