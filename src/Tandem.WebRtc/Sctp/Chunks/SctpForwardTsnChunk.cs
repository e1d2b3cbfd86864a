using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// FORWARD TSN (RFC 3758 §3.2): moves the receiver's cumulative TSN past abandoned chunks.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 192  |  Flags = 0x00 |        Length = Variable      |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      New Cumulative TSN                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-1              |       Stream Sequence-1       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               /
/// /                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Stream-N              |       Stream Sequence-N       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpForwardTsnChunk
{
    public const int FixedLength = 8;

    private readonly ReadOnlySpan<byte> _streams;

    private SctpForwardTsnChunk(uint newCumulativeTsn, ReadOnlySpan<byte> streams)
    {
        NewCumulativeTsn = newCumulativeTsn;
        _streams = streams;
    }

    public uint NewCumulativeTsn { get; }

    public int StreamCount => _streams.Length / 4;

    public int Length => FixedLength + _streams.Length;

    /// <summary>The (stream, last skipped SSN) pair at <paramref name="index"/>.</summary>
    public (ushort StreamId, ushort Ssn) GetStream(int index) => (
        BinaryPrimitives.ReadUInt16BigEndian(_streams[(index * 4)..]),
        BinaryPrimitives.ReadUInt16BigEndian(_streams[((index * 4) + 2)..]));

    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpForwardTsnChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.ForwardTsn, FixedLength) || (chunk.Length - FixedLength) % 4 != 0)
        {
            return false;
        }

        result = new SctpForwardTsnChunk(BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]), chunk[FixedLength..]);
        return true;
    }

    public static int GetLength(int streams) => FixedLength + (4 * streams);

    /// <summary>Writes a FORWARD TSN; returns its length.</summary>
    public static int Write(Span<byte> destination, uint newCumulativeTsn, ReadOnlySpan<(ushort StreamId, ushort Ssn)> streams)
    {
        var length = GetLength(streams.Length);
        SctpChunk.WriteHeader(destination, SctpChunkType.ForwardTsn, 0, length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], newCumulativeTsn);
        var offset = FixedLength;
        foreach (var (stream, ssn) in streams)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], stream);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], ssn);
            offset += 4;
        }

        return length;
    }
}
