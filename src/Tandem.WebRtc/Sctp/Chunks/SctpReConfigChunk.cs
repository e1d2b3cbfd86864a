namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// RE-CONFIG (RFC 6525 §3.1): carries one or two re-configuration parameters
/// (<see cref="SctpOutgoingSsnResetRequest"/>, <see cref="SctpIncomingSsnResetRequest"/>,
/// <see cref="SctpReConfigResponse"/>).
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// | Type = 130    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                  Re-configuration Parameter                   /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /             Re-configuration Parameter (optional)             /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpReConfigChunk
{
    public SctpReConfigChunk(ReadOnlySpan<byte> parameters) => Parameters = parameters;

    /// <summary>The raw parameter TLVs (see <see cref="SctpParameterEnumerator"/>).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    public int Length => SctpChunk.HeaderLength + Parameters.Length;

    /// <summary>Parses the chunk; false unless it holds one or two well-formed parameters.</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpReConfigChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.ReConfig, SctpChunk.HeaderLength + SctpParameter.HeaderLength))
        {
            return false;
        }

        var parameters = chunk[SctpChunk.HeaderLength..];
        var enumerator = new SctpParameterEnumerator(parameters);
        var count = 0;
        while (enumerator.MoveNext())
        {
            count++;
        }

        if (enumerator.IsMalformed || count is < 1 or > 2)
        {
            return false;
        }

        result = new SctpReConfigChunk(parameters);
        return true;
    }

    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.ReConfig, 0, Length);
        Parameters.CopyTo(destination[SctpChunk.HeaderLength..]);
        return Length;
    }
}
