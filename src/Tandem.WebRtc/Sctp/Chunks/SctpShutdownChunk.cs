using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// SHUTDOWN (RFC 9260 §3.3.8):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 7    |  Chunk Flags  |          Length = 8           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                      Cumulative TSN Ack                       |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly struct SctpShutdownChunk
{
    public const int Length = 8;

    public SctpShutdownChunk(uint cumulativeTsnAck) => CumulativeTsnAck = cumulativeTsnAck;

    public uint CumulativeTsnAck { get; }

    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpShutdownChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.Shutdown, Length) || chunk.Length != Length)
        {
            return false;
        }

        result = new SctpShutdownChunk(BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]));
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.Shutdown, 0, Length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], CumulativeTsnAck);
        return Length;
    }
}
