using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp.Chunks;

/// <summary>
/// DATA chunk (RFC 9260 §3.3.1; I bit RFC 7053):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Type = 0    |  Res  |I|U|B|E|            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                              TSN                              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |      Stream Identifier S      |   Stream Sequence Number n    |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                  Payload Protocol Identifier                  |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                 User Data (seq n of Stream S)                 /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpDataChunk
{
    /// <summary>Bytes before the user data.</summary>
    public const int HeaderLength = 16;

    public const byte FlagEnd = 0x01;
    public const byte FlagBeginning = 0x02;
    public const byte FlagUnordered = 0x04;
    public const byte FlagImmediate = 0x08;

    public SctpDataChunk(uint tsn, ushort streamId, ushort ssn, uint ppid, byte flags, ReadOnlySpan<byte> userData)
    {
        Tsn = tsn;
        StreamId = streamId;
        Ssn = ssn;
        Ppid = ppid;
        Flags = flags;
        UserData = userData;
    }

    public uint Tsn { get; }

    public ushort StreamId { get; }

    public ushort Ssn { get; }

    public uint Ppid { get; }

    public byte Flags { get; }

    public ReadOnlySpan<byte> UserData { get; }

    public bool IsBeginning => (Flags & FlagBeginning) != 0;

    public bool IsEnd => (Flags & FlagEnd) != 0;

    public bool IsUnordered => (Flags & FlagUnordered) != 0;

    public int Length => HeaderLength + UserData.Length;

    /// <summary>Parses a DATA chunk; false when malformed or empty (RFC 9260 §6.2: no user data is a protocol error).</summary>
    public static bool TryParse(ReadOnlySpan<byte> chunk, out SctpDataChunk result)
    {
        result = default;
        if (!SctpChunk.IsValid(chunk, SctpChunkType.Data, HeaderLength + 1))
        {
            return false;
        }

        result = new SctpDataChunk(
            BinaryPrimitives.ReadUInt32BigEndian(chunk[4..]),
            BinaryPrimitives.ReadUInt16BigEndian(chunk[8..]),
            BinaryPrimitives.ReadUInt16BigEndian(chunk[10..]),
            BinaryPrimitives.ReadUInt32BigEndian(chunk[12..]),
            chunk[1],
            chunk[HeaderLength..]);
        return true;
    }

    /// <summary>Writes the chunk (without padding); returns its length.</summary>
    public int WriteTo(Span<byte> destination)
    {
        WriteHeader(destination, Tsn, StreamId, Ssn, Ppid, Flags, UserData.Length);
        UserData.CopyTo(destination[HeaderLength..]);
        return Length;
    }

    /// <summary>Writes only the 16-byte header for <paramref name="userDataLength"/> bytes of data that the caller copies after it.</summary>
    public static void WriteHeader(Span<byte> destination, uint tsn, ushort streamId, ushort ssn, uint ppid, byte flags, int userDataLength)
    {
        SctpChunk.WriteHeader(destination, SctpChunkType.Data, flags, HeaderLength + userDataLength);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], tsn);
        BinaryPrimitives.WriteUInt16BigEndian(destination[8..], streamId);
        BinaryPrimitives.WriteUInt16BigEndian(destination[10..], ssn);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], ppid);
    }
}
