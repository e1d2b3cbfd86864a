namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// Operation ERROR (RFC 9260 §3.3.10); the T bit is not defined for it and is always written as 0:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 9    |  Chunk Flags  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                   zero or more Error Causes                   /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpErrorChunk
{
    public SctpErrorChunk(ReadOnlySpan<byte> causes, bool reflectedTag = false)
    {
        Causes = causes;
        ReflectedTag = reflectedTag;
    }

    /// <summary>The raw error cause TLVs (see <see cref="SctpParameterEnumerator"/>, <see cref="SctpErrorCause"/>).</summary>
    public ReadOnlySpan<byte> Causes { get; }

    /// <summary>The T bit (ABORT only): the verification tag is the receiver's own tag.</summary>
    public bool ReflectedTag { get; }

    public int Length => SctpChunk.HeaderLength + Causes.Length;

    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpErrorChunk result)
    {
        var ok = SctpChunk.IsValid(chunk, SctpChunkType.Error, SctpChunk.HeaderLength);
        result = ok ? new SctpErrorChunk(chunk[SctpChunk.HeaderLength..], (chunk[1] & 1) != 0) : default;
        return ok;
    }

    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.Error, (byte)(ReflectedTag ? 1 : 0), Length);
        Causes.CopyTo(destination[SctpChunk.HeaderLength..]);
        return Length;
    }
}
