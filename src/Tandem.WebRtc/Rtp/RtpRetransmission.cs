using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtp;

/// <summary>
/// RFC 4588 §4 (https://www.rfc-editor.org/rfc/rfc4588#section-4): the retransmission payload format
/// on its own stream (SSRC multiplexing, §8). An RTX packet keeps the original's timestamp, marker,
/// CSRCs and header extensions, takes the RTX stream's payload type, sequence number and SSRC, and
/// carries the original sequence number (OSN) in front of the original payload:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         RTP Header                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |            OSN                |                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
/// |                  Original RTP Packet Payload                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// Padding of the original is not carried. Neither method allocates.
/// </summary>
internal static class RtpRetransmission
{
    /// <summary>Length of the OSN field.</summary>
    public const int OsnLength = 2;

    /// <summary>
    /// Writes the RTX packet for <paramref name="original"/> into <paramref name="destination"/>;
    /// false when it does not fit or <paramref name="rtxPayloadType"/> is not 0–127.
    /// </summary>
    public static bool TryWrap(in RtpPacket original, Span<byte> destination, byte rtxPayloadType, ushort rtxSequenceNumber, uint rtxSsrc, out int length)
    {
        length = 0;
        var payload = original.Payload;
        var total = original.HeaderLength + OsnLength + payload.Length;
        if (rtxPayloadType > 127 || destination.Length < total)
        {
            return false;
        }

        original.Data[..original.HeaderLength].CopyTo(destination);
        destination[0] &= 0xDF;
        destination[1] = (byte)((destination[1] & 0x80) | rtxPayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], rtxSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], rtxSsrc);
        BinaryPrimitives.WriteUInt16BigEndian(destination[original.HeaderLength..], original.SequenceNumber);
        payload.CopyTo(destination[(original.HeaderLength + OsnLength)..]);
        length = total;
        return true;
    }

    /// <summary>
    /// Restores the original packet from <paramref name="rtx"/> into <paramref name="destination"/>, with
    /// the associated payload type and the media stream's SSRC (RFC 4588 §4: the receiver maps them
    /// through <c>apt</c> and the FID group); false when the RTX payload has no OSN or it does not fit.
    /// </summary>
    public static bool TryUnwrap(in RtpPacket rtx, Span<byte> destination, byte originalPayloadType, uint originalSsrc, out int length)
    {
        length = 0;
        var payload = rtx.Payload;
        if (payload.Length < OsnLength || originalPayloadType > 127)
        {
            return false;
        }

        var total = rtx.HeaderLength + payload.Length - OsnLength;
        if (destination.Length < total)
        {
            return false;
        }

        rtx.Data[..rtx.HeaderLength].CopyTo(destination);
        destination[0] &= 0xDF;
        destination[1] = (byte)((destination[1] & 0x80) | originalPayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], BinaryPrimitives.ReadUInt16BigEndian(payload));
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], originalSsrc);
        payload[OsnLength..].CopyTo(destination[rtx.HeaderLength..]);
        length = total;
        return true;
    }
}
