namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// SHUTDOWN COMPLETE (RFC 9260 §3.3.13); T set means the sender reflected the peer's tag:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 14   |  Reserved   |T|          Length = 4           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly struct SctpShutdownCompleteChunk
{
    public const int Length = SctpChunk.HeaderLength;

    public SctpShutdownCompleteChunk(bool reflectedTag) => ReflectedTag = reflectedTag;

    /// <summary>The T bit: the verification tag is the receiver's own tag (no TCB at the sender).</summary>
    public bool ReflectedTag { get; }

    /// <summary>Parses the chunk; false unless it is exactly a 4-byte chunk of this type.</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpShutdownCompleteChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.ShutdownComplete, Length) || chunk.Length != Length)
        {
            return false;
        }
        result = new SctpShutdownCompleteChunk((chunk[1] & 1) != 0);
        return true;
    }

    /// <summary>Writes the chunk; returns its length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.ShutdownComplete, (byte)(ReflectedTag ? 1 : 0), Length);
        return Length;
    }
}
