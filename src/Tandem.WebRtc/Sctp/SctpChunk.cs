using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// A view of one chunk inside a packet (RFC 9260 §3.2):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |   Chunk Type  | Chunk  Flags  |        Chunk Length           |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                          Chunk Value                          /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpChunk
{
    /// <summary>Size of the chunk header.</summary>
    public const int HeaderLength = 4;

    /// <summary>Creates a view over <paramref name="raw"/> (header plus value, without padding).</summary>
    public SctpChunk(ReadOnlySpan<byte> raw) => Raw = raw;

    /// <summary>The chunk bytes (header and value) without trailing padding.</summary>
    public ReadOnlySpan<byte> Raw { get; }

    public SctpChunkType Type => (SctpChunkType)Raw[0];

    public byte Flags => Raw[1];

    /// <summary>The chunk value (after the 4-byte header).</summary>
    public ReadOnlySpan<byte> Value => Raw[HeaderLength..];

    /// <summary>
    /// Reads the header at the start of <paramref name="data"/> and returns the chunk
    /// and the number of bytes it occupies including padding; false if the length is invalid.
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> data, out SctpChunk chunk, out int consumed)
    {
        chunk = default;
        consumed = 0;
        if (data.Length < HeaderLength)
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if (length < HeaderLength || length > data.Length)
        {
            return false;
        }

        chunk = new SctpChunk(data[..length]);
        consumed = Math.Min(data.Length, Pad4(length));
        return true;
    }

    /// <summary>Rounds <paramref name="length"/> up to a multiple of 4 (RFC 9260 §3.2: chunks are padded to 4 bytes).</summary>
    public static int Pad4(int length) => (length + 3) & ~3;

    /// <summary>Writes a chunk header.</summary>
    internal static void WriteHeader(Span<byte> destination, SctpChunkType type, byte flags, int length)
    {
        destination[0] = (byte)type;
        destination[1] = flags;
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
    }

    /// <summary>
    /// Checks that <paramref name="raw"/> is a chunk of <paramref name="type"/> whose length field matches
    /// the span and is at least <paramref name="minLength"/>.
    /// </summary>
    internal static bool IsValid(ReadOnlySpan<byte> raw, SctpChunkType type, int minLength) =>
        raw.Length >= Math.Max(minLength, HeaderLength)
        && raw[0] == (byte)type
        && BinaryPrimitives.ReadUInt16BigEndian(raw[2..]) == raw.Length;
}

/// <summary>Enumerates the chunks of a packet; stops at the first malformed chunk and sets <see cref="IsMalformed"/>.</summary>
internal ref struct SctpChunkEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    internal SctpChunkEnumerator(ReadOnlySpan<byte> chunks)
    {
        _remaining = chunks;
        Current = default;
        IsMalformed = false;
    }

    public SctpChunk Current { get; private set; }

    /// <summary>True when enumeration stopped because a chunk header was invalid.</summary>
    public bool IsMalformed { get; private set; }

    public readonly SctpChunkEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (!SctpChunk.TryRead(_remaining, out var chunk, out var consumed))
        {
            IsMalformed = true;
            _remaining = default;
            return false;
        }

        Current = chunk;
        _remaining = _remaining[consumed..];
        return true;
    }
}
