using System.Buffers.Binary;

namespace Tandem.WebRtc.Srtp;

/// <summary>
/// The few RTP and RTCP header fields SRTP needs: where the header ends, the SSRC, the
/// sequence number. Full parsing is the RTP layer's job.
/// </summary>
internal static class SrtpPacketLayout
{
    public const int RtpFixedHeaderLength = 12;
    public const int RtcpHeaderLength = 8;
    private const int Version = 2;

    // RFC 3550 §5.1:
    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |V=2|P|X|  CC   |M|     PT      |       sequence number         |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                           timestamp                           |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |           synchronization source (SSRC) identifier            |
    // +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
    // |            contributing source (CSRC) identifiers             |
    // |                             ....                              |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // RFC 3550 §5.3.1: with X set, a 4-byte extension header (profile-defined word, length in
    // 32-bit words) and that many words follow the CSRCs.

    /// <summary>
    /// Length of the RTP header (fixed part, CSRCs, extension) of <paramref name="packet"/>;
    /// false when the packet is not version 2 or is shorter than its header.
    /// </summary>
    public static bool TryGetRtpHeaderLength(ReadOnlySpan<byte> packet, out int headerLength)
    {
        headerLength = 0;
        if (packet.Length < RtpFixedHeaderLength || packet[0] >> 6 != Version)
        {
            return false;
        }

        int length = RtpFixedHeaderLength + (4 * (packet[0] & 0x0F));
        if ((packet[0] & 0x10) != 0)
        {
            if (packet.Length < length + 4)
            {
                return false;
            }

            length += 4 + (4 * BinaryPrimitives.ReadUInt16BigEndian(packet[(length + 2)..]));
        }

        if (length > packet.Length)
        {
            return false;
        }

        headerLength = length;
        return true;
    }

    public static ushort RtpSequenceNumber(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt16BigEndian(packet[2..]);

    public static uint RtpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[8..]);

    // RFC 3550 §6.4.1: every RTCP packet starts with V=2|P|RC|PT|length, then the sender's SSRC;
    // RFC 3711 §3.4 leaves these 8 bytes of the first packet of a compound in the clear.

    /// <summary>Whether <paramref name="packet"/> starts like an RTCP packet (version 2, at least 8 bytes).</summary>
    public static bool IsRtcpHeader(ReadOnlySpan<byte> packet) =>
        packet.Length >= RtcpHeaderLength && packet[0] >> 6 == Version;

    public static uint RtcpSsrc(ReadOnlySpan<byte> packet) => BinaryPrimitives.ReadUInt32BigEndian(packet[4..]);
}
