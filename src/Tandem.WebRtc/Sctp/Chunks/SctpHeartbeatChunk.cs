namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// HEARTBEAT request (RFC 9260 §3.3.5):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 4    |  Chunk Flags  |       Heartbeat Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /          Heartbeat Information TLV (Variable-Length)          /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// The Heartbeat Info parameter (type 1) is opaque to the receiver, which echoes it back.
/// </summary>
internal readonly ref struct SctpHeartbeatChunk
{
    public SctpHeartbeatChunk(ReadOnlySpan<byte> info) => Info = info;

    /// <summary>The value of the Heartbeat Info parameter.</summary>
    public ReadOnlySpan<byte> Info { get; }

    public int Length => SctpChunk.HeaderLength + SctpParameter.HeaderLength + Info.Length;

    /// <summary>Parses the chunk; false when it does not hold a Heartbeat Info parameter.</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpHeartbeatChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.Heartbeat, SctpChunk.HeaderLength + SctpParameter.HeaderLength)
            || !SctpParameter.TryFind(chunk[SctpChunk.HeaderLength..], SctpParameter.HeartbeatInfo, out var info))
        {
            return false;
        }

        result = new SctpHeartbeatChunk(info);
        return true;
    }

    /// <summary>Writes the chunk; returns its length (the parameter is padded inside, so the length is a multiple of 4).</summary>
    public int WriteTo(Span<byte> destination)
    {
        var padded = SctpParameter.Write(destination[SctpChunk.HeaderLength..], SctpParameter.HeartbeatInfo, Info);
        SctpChunk.WriteHeader(destination, SctpChunkType.Heartbeat, 0, SctpChunk.HeaderLength + padded);
        return SctpChunk.HeaderLength + padded;
    }
}
