using System.Buffers.Binary;

namespace Tandem.WebRtc.Stun;

/// <summary>
/// Where one message ends in a TCP or TLS byte stream to a TURN server (RFC 8656 §12.5, RFC 6062
/// framing): STUN messages carry their own length (RFC 8489 §5, first two bits 00) and ChannelData
/// messages (first two bits 01) are padded to a multiple of 4 bytes.
/// </summary>
internal static class TurnStreamFraming
{
    /// <summary>Bytes needed before <see cref="TryGetFrameLength"/> can decide.</summary>
    public const int PrefixSize = 4;

    /// <summary>
    /// Reads the length of the frame at the start of <paramref name="data"/>. Returns
    /// <see cref="System.Buffers.OperationStatus.NeedMoreData"/> with fewer than 4 bytes,
    /// <see cref="System.Buffers.OperationStatus.InvalidData"/> when the first two bits are neither
    /// STUN (00) nor ChannelData (01) — the stream is then out of step and must be closed —, else
    /// Done with the frame's total length (which may be more than <paramref name="data"/> holds yet).
    /// </summary>
    public static System.Buffers.OperationStatus TryGetFrameLength(ReadOnlySpan<byte> data, out int length)
    {
        length = 0;
        if (data.Length < PrefixSize)
        {
            return System.Buffers.OperationStatus.NeedMoreData;
        }

        int declared = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        switch (data[0] >> 6)
        {
            case 0:
                // RFC 8489 §5: the length excludes the 20-byte header and is a multiple of 4.
                if ((declared & 3) != 0)
                {
                    return System.Buffers.OperationStatus.InvalidData;
                }

                length = StunMessage.HeaderSize + declared;
                return System.Buffers.OperationStatus.Done;
            case 1:
                length = TurnChannelData.GetSize(declared, padded: true);
                return System.Buffers.OperationStatus.Done;
            default:
                return System.Buffers.OperationStatus.InvalidData;
        }
    }
}
