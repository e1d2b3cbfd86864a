using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// An SCTP packet: common header and chunks (RFC 9260 §3.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Source Port Number       |    Destination Port Number    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                       Verification Tag                        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                           Checksum                            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The checksum is CRC32c over the whole packet with the field zeroed, stored little-endian
/// (RFC 9260 Appendix B, as every deployed stack does).
/// </summary>
internal readonly ref struct SctpPacket
{
    /// <summary>Size of the common header.</summary>
    public const int HeaderLength = 12;

    private SctpPacket(ReadOnlySpan<byte> raw) => Raw = raw;

    public ReadOnlySpan<byte> Raw { get; }

    public ushort SourcePort => BinaryPrimitives.ReadUInt16BigEndian(Raw);

    public ushort DestinationPort => BinaryPrimitives.ReadUInt16BigEndian(Raw[2..]);

    public uint VerificationTag => BinaryPrimitives.ReadUInt32BigEndian(Raw[4..]);

    public uint Checksum => BinaryPrimitives.ReadUInt32LittleEndian(Raw[8..]);

    /// <summary>The chunk area (everything after the common header).</summary>
    public ReadOnlySpan<byte> ChunkBytes => Raw[HeaderLength..];

    /// <summary>Enumerates the chunks of the packet.</summary>
    public SctpChunkEnumerator GetChunks() => new(ChunkBytes);

    /// <summary>
    /// Parses a packet; false when it is shorter than the common header, carries no chunk
    /// or (when <paramref name="verifyChecksum"/>) fails the CRC32c check. Never throws.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out SctpPacket packet, bool verifyChecksum = true)
    {
        packet = default;
        if (data.Length < HeaderLength + SctpChunk.HeaderLength)
        {
            return false;
        }

        if (verifyChecksum && SctpCrc32c.ComputePacketChecksum(data) != BinaryPrimitives.ReadUInt32LittleEndian(data[8..]))
        {
            return false;
        }

        packet = new SctpPacket(data);
        return true;
    }
}
