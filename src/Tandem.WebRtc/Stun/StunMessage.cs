using System.Buffers.Binary;

namespace Tandem.WebRtc.Stun;

/// <summary>
/// A parsed view over one STUN message (RFC 8489 §5, compatible with RFC 5389). The view holds
/// the caller's span: it allocates nothing and is only valid while that span is.
/// </summary>
/// <remarks>
/// RFC 8489 §5 header:
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0|     STUN Message Type     |         Message Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Magic Cookie                          |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                                                               |
/// |                     Transaction ID (96 bits)                  |
/// |                                                               |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
internal readonly ref partial struct StunMessage
{
    /// <summary>Size of the fixed header.</summary>
    public const int HeaderSize = 20;

    /// <summary>The magic cookie (RFC 8489 §5).</summary>
    public const uint MagicCookie = 0x2112A442;

    private readonly ReadOnlySpan<byte> _data;

    private StunMessage(ReadOnlySpan<byte> data) => _data = data;

    /// <summary>The whole message (header and attributes).</summary>
    public ReadOnlySpan<byte> Raw => _data;

    /// <summary>The raw 14-bit message type.</summary>
    public ushort MessageType => BinaryPrimitives.ReadUInt16BigEndian(_data);

    /// <summary>The message class (RFC 8489 §5: bits C1 and C0).</summary>
    public StunClass Class => GetClass(MessageType);

    /// <summary>The message method (RFC 8489 §5: bits M11..M0).</summary>
    public StunMethod Method => GetMethod(MessageType);

    /// <summary>The transaction ID.</summary>
    public StunTransactionId TransactionId => StunTransactionId.Read(_data[8..]);

    /// <summary>The attributes, in wire order.</summary>
    public StunAttributeEnumerator Attributes => new(_data[HeaderSize..]);

    /// <summary>
    /// True when <paramref name="data"/> starts like a STUN message (RFC 7983 §7: first byte 0–3)
    /// and carries the magic cookie. A cheap pre-check for demultiplexing.
    /// </summary>
    public static bool IsStun(ReadOnlySpan<byte> data) =>
        data.Length >= HeaderSize && data[0] <= 3 && BinaryPrimitives.ReadUInt32BigEndian(data[4..]) == MagicCookie;

    /// <summary>
    /// Parses one STUN message. Returns false (never throws) on anything malformed: short input,
    /// non-zero top bits, wrong magic cookie, a length that is not a multiple of 4 or runs past the
    /// input, or attributes that overrun the message. Trailing bytes after the message are ignored.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out StunMessage message)
    {
        message = default;
        if (!IsStun(data))
        {
            return false;
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(data[2..]);
        if ((length & 3) != 0 || HeaderSize + length > data.Length)
        {
            return false;
        }

        var body = data.Slice(HeaderSize, length);
        while (!body.IsEmpty)
        {
            // RFC 8489 §14: Type (16) | Length (16) | Value, padded to a multiple of 4 bytes.
            if (body.Length < 4)
            {
                return false;
            }

            int valueLength = BinaryPrimitives.ReadUInt16BigEndian(body[2..]);
            var padded = 4 + ((valueLength + 3) & ~3);
            if (padded > body.Length)
            {
                return false;
            }

            body = body[padded..];
        }

        message = new StunMessage(data[..(HeaderSize + length)]);
        return true;
    }

    /// <summary>Encodes a class and method into the 14-bit message type (RFC 8489 §5 figure 3).</summary>
    public static ushort ComposeType(StunClass stunClass, StunMethod method)
    {
        var m = (int)method;
        var c = (int)stunClass;
        return (ushort)((m & 0x000F) | ((m & 0x0070) << 1) | ((m & 0x0F80) << 2) | ((c & 1) << 4) | ((c & 2) << 7));
    }

    private static StunClass GetClass(ushort type) => (StunClass)(((type >> 4) & 1) | ((type >> 7) & 2));

    private static StunMethod GetMethod(ushort type) =>
        (StunMethod)((type & 0x000F) | ((type >> 1) & 0x0070) | ((type >> 2) & 0x0F80));

    /// <summary>Finds the first attribute of a type.</summary>
    public bool TryGetAttribute(StunAttributeType type, out ReadOnlySpan<byte> value)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                value = attribute.Value;
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>True when the message carries an attribute of the type.</summary>
    public bool HasAttribute(StunAttributeType type) => TryGetAttribute(type, out _);
}
