using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// SACK chunk (RFC 9260 §3.3.4):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 3    |  Chunk Flags  |         Chunk Length          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Number of Gap Ack Blocks = N  |  Number of Duplicate TSNs = M |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |    Gap Ack Block #1 Start     |     Gap Ack Block #1 End      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Duplicate TSN 1                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                                                               /
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpSackChunk
{
    public const int FixedLength = 16;

    private readonly ReadOnlySpan<byte> _gapBlocks;
    private readonly ReadOnlySpan<byte> _duplicates;

    private SctpSackChunk(uint cumulativeTsnAck, uint aRwnd, ReadOnlySpan<byte> gapBlocks, ReadOnlySpan<byte> duplicates)
    {
        CumulativeTsnAck = cumulativeTsnAck;
        ARwnd = aRwnd;
        _gapBlocks = gapBlocks;
        _duplicates = duplicates;
    }

    public uint CumulativeTsnAck { get; }

    public uint ARwnd { get; }

    public int GapBlockCount => _gapBlocks.Length / 4;

    public int DuplicateCount => _duplicates.Length / 4;

    public int Length => FixedLength + _gapBlocks.Length + _duplicates.Length;

    public SctpGapAckBlock GetGapBlock(int index) => new(
        BinaryPrimitives.ReadUInt16BigEndian(_gapBlocks[(index * 4)..]),
        BinaryPrimitives.ReadUInt16BigEndian(_gapBlocks[((index * 4) + 2)..]));

    public uint GetDuplicate(int index) => BinaryPrimitives.ReadUInt32BigEndian(_duplicates[(index * 4)..]);

    /// <summary>Parses a SACK; false when the counts do not match the chunk length.</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpSackChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.Sack, FixedLength))
        {
            return false;
        }

        int gaps = BinaryPrimitives.ReadUInt16BigEndian(chunk[12..]);
        int dups = BinaryPrimitives.ReadUInt16BigEndian(chunk[14..]);
        if (chunk.Length != FixedLength + (4 * (gaps + dups)))
        {
            return false;
        }

        result = new SctpSackChunk(
            BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(chunk[8..]),
            chunk.Slice(FixedLength, gaps * 4),
            chunk[(FixedLength + (gaps * 4))..]);
        return true;
    }

    /// <summary>Length of a SACK with the given counts.</summary>
    public static int GetLength(int gapBlocks, int duplicates) => FixedLength + (4 * (gapBlocks + duplicates));

    /// <summary>Writes a SACK; returns its length.</summary>
    public static int Write(Span<byte> destination, uint cumulativeTsnAck, uint aRwnd, ReadOnlySpan<SctpGapAckBlock> gapBlocks, ReadOnlySpan<uint> duplicates)
    {
        var length = GetLength(gapBlocks.Length, duplicates.Length);
        SctpChunk.WriteHeader(destination, SctpChunkType.Sack, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], cumulativeTsnAck);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], aRwnd);
        BinaryPrimitives.WriteUInt16BigEndian(destination[12..], (ushort)gapBlocks.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination[14..], (ushort)duplicates.Length);
        var offset = FixedLength;
        foreach (var block in gapBlocks)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], block.Start);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], block.End);
            offset += 4;
        }

        foreach (var tsn in duplicates)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[offset..], tsn);
            offset += 4;
        }

        return length;
    }
}
