namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// ABORT (RFC 9260 §3.3.7):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 6    |  Reserved   |T|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                   zero or more Error Causes                   /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpAbortChunk
{
    public SctpAbortChunk(ReadOnlySpan<byte> causes, bool reflectedTag = false)
    {
        Causes = causes;
        ReflectedTag = reflectedTag;
    }

    /// <summary>The raw error cause TLVs (see <see cref="SctpParameterEnumerator"/>, <see cref="SctpErrorCause"/>).</summary>
    public ReadOnlySpan<byte> Causes { get; }

    /// <summary>The T bit (ABORT only): the verification tag is the receiver's own tag.</summary>
    public bool ReflectedTag { get; }

    public int Length => SctpChunk.HeaderLength + Causes.Length;

    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpAbortChunk result)
    {
        var ok = SctpChunk.IsValid(chunk, SctpChunkType.Abort, SctpChunk.HeaderLength);
        result = ok ? new SctpAbortChunk(chunk[SctpChunk.HeaderLength..], (chunk[1] & 1) != 0) : default;
        return ok;
    }

    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.Abort, (byte)(ReflectedTag ? 1 : 0), Length);
        Causes.CopyTo(destination[SctpChunk.HeaderLength..]);
        return Length;
    }
}
