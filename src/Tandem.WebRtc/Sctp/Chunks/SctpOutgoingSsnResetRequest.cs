using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// Outgoing SSN Reset Request parameter of RE-CONFIG (RFC 6525 §4.1):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 13       | Parameter Length = 16 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Request Sequence Number            |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |           Re-configuration Response Sequence Number           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                Sender's Last Assigned TSN                     |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// An empty stream list means "all streams".
/// </summary>
internal readonly ref struct SctpOutgoingSsnResetRequest
{
    public const ushort ParameterType = 13;
    public const int FixedLength = 16;

    private readonly ReadOnlySpan<byte> _streams;

    private SctpOutgoingSsnResetRequest(uint requestSequence, uint responseSequence, uint lastAssignedTsn, ReadOnlySpan<byte> streams)
    {
        RequestSequence = requestSequence;
        ResponseSequence = responseSequence;
        LastAssignedTsn = lastAssignedTsn;
        _streams = streams;
    }

    public uint RequestSequence { get; }

    public uint ResponseSequence { get; }

    public uint LastAssignedTsn { get; }

    public int StreamCount => _streams.Length / 2;

    public ushort GetStream(int index) => BinaryPrimitives.ReadUInt16BigEndian(_streams[(index * 2)..]);

    /// <summary>Parses the parameter from its value (after the TLV header).</summary>
    public static bool TryParse(SctpParameter parameter, out SctpOutgoingSsnResetRequest result)
    {
        result = default;
        var value = parameter.Value;
        if (parameter.Type != ParameterType || value.Length < FixedLength - SctpParameter.HeaderLength || value.Length % 2 != 0)
        {
            return false;
        }

        result = new SctpOutgoingSsnResetRequest(
            BinaryPrimitives.ReadUInt32BigEndian(value),
            BinaryPrimitives.ReadUInt32BigEndian(value[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(value[8..]),
            value[12..]);
        return true;
    }

    /// <summary>Padded length of the parameter for <paramref name="streams"/> streams.</summary>
    public static int GetLength(int streams) => SctpChunk.Pad4(FixedLength + (2 * streams));

    /// <summary>Writes the parameter with padding; returns the padded length.</summary>
    public static int Write(Span<byte> destination, uint requestSequence, uint responseSequence, uint lastAssignedTsn, ReadOnlySpan<ushort> streams)
    {
        var length = FixedLength + (2 * streams.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination, ParameterType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], requestSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], responseSequence);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], lastAssignedTsn);
        for (var i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedLength + (2 * i))..], streams[i]);
        }

        var padded = SctpChunk.Pad4(length);
        destination[length..padded].Clear();
        return padded;
    }
}
