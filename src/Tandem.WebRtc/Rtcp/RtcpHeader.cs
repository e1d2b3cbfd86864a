using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 3550 §6.4.1: the header common to every RTCP packet
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P| RC/FMT  |      PT       |             length            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>
/// The common RTCP header (RFC 3550 §6.4.1, https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1).
/// </summary>
/// <param name="Count">Report/source count, or the feedback message type (FMT) for RTPFB/PSFB.</param>
/// <param name="PacketType">Packet type, see <see cref="RtcpPacketType"/>.</param>
/// <param name="PacketLength">Whole packet length in bytes, header and padding included.</param>
/// <param name="PaddingLength">Padding bytes at the end of the packet (0 without the P bit).</param>
internal readonly record struct RtcpHeader(int Count, byte PacketType, int PacketLength, int PaddingLength)
{
    /// <summary>Size of the common header.</summary>
    public const int Length = 4;

    /// <summary>Length of the body: after the header, before the padding.</summary>
    public int BodyLength => PacketLength - Length - PaddingLength;

    /// <summary>
    /// Reads the header at the start of <paramref name="data"/> and checks that the packet it
    /// announces (length field, padding) fits in <paramref name="data"/>. Never throws.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out RtcpHeader header)
    {
        header = default;
        if (data.Length < Length || data[0] >> 6 != 2)
        {
            return false;
        }

        // RFC 3550 §6.4.1: length is in 32-bit words minus one, header included.
        var packetLength = 4 * (BinaryPrimitives.ReadUInt16BigEndian(data[2..]) + 1);
        if (packetLength > data.Length)
        {
            return false;
        }

        var padding = 0;
        if ((data[0] & 0x20) != 0)
        {
            padding = data[packetLength - 1];
            if (padding == 0 || padding > packetLength - Length)
            {
                return false;
            }
        }

        header = new RtcpHeader(data[0] & 0x1F, data[1], packetLength, padding);
        return true;
    }

    /// <summary>Reads the header and checks its type (and, when not negative, its count/FMT).</summary>
    internal static bool TryReadBody(ReadOnlySpan<byte> packet, byte packetType, int format, out RtcpHeader header, out ReadOnlySpan<byte> body)
    {
        body = default;
        if (!TryRead(packet, out header) || header.PacketType != packetType || (format >= 0 && header.Count != format))
        {
            return false;
        }

        body = packet.Slice(Length, header.BodyLength);
        return true;
    }

    /// <summary>Writes a header without padding for a packet of <paramref name="packetLength"/> bytes (a multiple of 4).</summary>
    internal static void Write(Span<byte> destination, int count, byte packetType, int packetLength)
    {
        destination[0] = (byte)(0x80 | count);
        destination[1] = packetType;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)((packetLength / 4) - 1));
    }
}
