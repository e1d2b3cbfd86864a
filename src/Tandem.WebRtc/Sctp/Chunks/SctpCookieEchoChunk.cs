namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// COOKIE ECHO (RFC 9260 §3.3.11): returns the State Cookie of the INIT ACK unchanged.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 10   |  Chunk Flags  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// /                            Cookie                             /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpCookieEchoChunk
{
    public SctpCookieEchoChunk(ReadOnlySpan<byte> cookie) => Cookie = cookie;

    public ReadOnlySpan<byte> Cookie { get; }

    public int Length => SctpChunk.HeaderLength + Cookie.Length;

    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpCookieEchoChunk result)
    {
        var ok = SctpChunk.IsValid(chunk, SctpChunkType.CookieEcho, SctpChunk.HeaderLength + 1);
        result = ok ? new SctpCookieEchoChunk(chunk[SctpChunk.HeaderLength..]) : default;
        return ok;
    }

    public int WriteTo(Span<byte> destination)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.CookieEcho, 0, Length);
        Cookie.CopyTo(destination[SctpChunk.HeaderLength..]);
        return Length;
    }
}
