using System.Buffers.Binary;

namespace Tandem.WebRtc.Stun;

/// <summary>One attribute of a parsed <see cref="StunMessage"/> (RFC 8489 §14).</summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |         Type                  |            Length             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                         Value (variable)                ....
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </remarks>
internal readonly ref struct StunAttribute
{
    internal StunAttribute(StunAttributeType type, ReadOnlySpan<byte> value, int offset)
    {
        Type = type;
        Value = value;
        Offset = offset;
    }

    /// <summary>The attribute type.</summary>
    public StunAttributeType Type { get; }

    /// <summary>The value, without padding.</summary>
    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Offset of the attribute header from the start of the message.</summary>
    public int Offset { get; }

    /// <summary>RFC 8489 §14: types 0x0000–0x7FFF must be understood by the receiver.</summary>
    public bool IsComprehensionRequired => (ushort)Type < 0x8000;
}

/// <summary>Walks the attributes of a message already validated by <see cref="StunMessage.TryParse"/>.</summary>
internal ref struct StunAttributeEnumerator
{
    private readonly ReadOnlySpan<byte> _body;
    private int _next;
    private StunAttribute _current;

    internal StunAttributeEnumerator(ReadOnlySpan<byte> body)
    {
        _body = body;
        _next = 0;
        _current = default;
    }

    /// <summary>The current attribute.</summary>
    public readonly StunAttribute Current => _current;

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly StunAttributeEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next attribute.</summary>
    public bool MoveNext()
    {
        if (_next + 4 > _body.Length)
        {
            return false;
        }

        var type = (StunAttributeType)BinaryPrimitives.ReadUInt16BigEndian(_body[_next..]);
        int length = BinaryPrimitives.ReadUInt16BigEndian(_body[(_next + 2)..]);
        if (_next + 4 + length > _body.Length)
        {
            return false;
        }

        _current = new StunAttribute(type, _body.Slice(_next + 4, length), StunMessage.HeaderSize + _next);
        _next += 4 + ((length + 3) & ~3);
        return true;
    }
}
