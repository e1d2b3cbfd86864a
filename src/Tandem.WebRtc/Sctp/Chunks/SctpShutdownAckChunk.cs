namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// SHUTDOWN ACK (RFC 9260 §3.3.9):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 8   |  Chunk Flags  |          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly struct SctpShutdownAckChunk
{
    public const int Length = SctpChunk.HeaderLength;

    /// <summary>Parses the chunk; false unless it is exactly a 4-byte chunk of this type.</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpShutdownAckChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.ShutdownAck, Length) || chunk.Length != Length)
        {
            return false;
        }

        return true;
    }

    /// <summary>Writes the chunk; returns its length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.ShutdownAck, 0, Length);
        return Length;
    }
}
