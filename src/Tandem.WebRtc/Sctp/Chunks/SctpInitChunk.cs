namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// INIT chunk (RFC 9260 §3.3.2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 1    |  Chunk Flags  |      Chunk Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Initiate Tag                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Advertised Receiver Window Credit (a_rwnd)           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Number of Outbound Streams   |   Number of Inbound Streams   |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                          Initial TSN                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /              Optional/Variable-Length Parameters              /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpInitChunk
{
    public SctpInitChunk(uint initiateTag, uint aRwnd, ushort outboundStreams, ushort inboundStreams, uint initialTsn, ReadOnlySpan<byte> parameters)
    {
        InitiateTag = initiateTag;
        ARwnd = aRwnd;
        OutboundStreams = outboundStreams;
        InboundStreams = inboundStreams;
        InitialTsn = initialTsn;
        Parameters = parameters;
    }

    public uint InitiateTag { get; }

    public uint ARwnd { get; }

    public ushort OutboundStreams { get; }

    public ushort InboundStreams { get; }

    public uint InitialTsn { get; }

    /// <summary>The raw TLV parameter list (see <see cref="SctpParameterEnumerator"/>).</summary>
    public ReadOnlySpan<byte> Parameters { get; }

    public int Length => SctpInitFields.FixedLength + Parameters.Length;

    /// <summary>Parses the chunk; false on a malformed chunk or parameter list, or a zero tag or stream count.</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpInitChunk result)
    {
        var ok = SctpInitFields.TryParse(chunk, SctpChunkType.Init, out var tag, out var rwnd, out var os, out var mis, out var tsn, out var parameters);
        result = ok ? new SctpInitChunk(tag, rwnd, os, mis, tsn, parameters) : default;
        return ok;
    }

    /// <summary>Writes the chunk (without trailing padding); returns its length.</summary>
    public int WriteTo(Span<byte> destination) =>
        SctpInitFields.Write(destination, SctpChunkType.Init, InitiateTag, ARwnd, OutboundStreams, InboundStreams, InitialTsn, Parameters);
}
