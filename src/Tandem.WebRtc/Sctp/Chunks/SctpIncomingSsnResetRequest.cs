using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// Incoming SSN Reset Request parameter of RE-CONFIG (RFC 6525 §4.2): asks the peer to reset its outgoing streams.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |     Parameter Type = 14       |  Parameter Length = 8 + 2 * N |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |          Re-configuration Request Sequence Number             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |  Stream Number 1 (optional)   |    Stream Number 2 (optional) |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpIncomingSsnResetRequest
{
    public const ushort ParameterType = 14;
    public const int FixedLength = 8;

    private readonly ReadOnlySpan<byte> _streams;

    private SctpIncomingSsnResetRequest(uint requestSequence, ReadOnlySpan<byte> streams)
    {
        RequestSequence = requestSequence;
        _streams = streams;
    }

    public uint RequestSequence { get; }

    public int StreamCount => _streams.Length / 2;

    public ushort GetStream(int index) => BinaryPrimitives.ReadUInt16BigEndian(_streams[(index * 2)..]);

    public static bool TryParse(SctpParameter parameter, out SctpIncomingSsnResetRequest result)
    {
        result = default;
        var value = parameter.Value;
        if (parameter.Type != ParameterType || value.Length < FixedLength - SctpParameter.HeaderLength || value.Length % 2 != 0)
        {
            return false;
        }

        result = new SctpIncomingSsnResetRequest(BinaryPrimitives.ReadUInt32BigEndian(value), value[4..]);
        return true;
    }

    public static int GetLength(int streams) => SctpChunk.Pad4(FixedLength + (2 * streams));

    /// <summary>Writes the parameter with padding; returns the padded length.</summary>
    public static int Write(Span<byte> destination, uint requestSequence, ReadOnlySpan<ushort> streams)
    {
        var length = FixedLength + (2 * streams.Length);
        BinaryPrimitives.WriteUInt16BigEndian(destination, ParameterType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)length);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], requestSequence);
        for (var i = 0; i < streams.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(destination[(FixedLength + (2 * i))..], streams[i]);
        }

        var padded = SctpChunk.Pad4(length);
        destination[length..padded].Clear();
        return padded;
    }
}
