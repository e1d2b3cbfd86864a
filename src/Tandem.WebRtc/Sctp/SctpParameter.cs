using System.Buffers.Binary;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// A view of one Type-Length-Value parameter (RFC 9260 §3.2.1), also used for error causes (§3.3.10)
/// and RE-CONFIG parameters (RFC 6525 §4):
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |        Parameter Type         |       Parameter Length        |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// \                                                               \
/// /                       Parameter Value                         /
/// \                                                               \
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// </summary>
internal readonly ref struct SctpParameter
{
    /// <summary>Size of the parameter header.</summary>
    public const int HeaderLength = 4;

    /// <summary>RFC 9260 §3.3.3: State Cookie.</summary>
    public const ushort StateCookie = 7;

    /// <summary>RFC 9260 §3.3.2.1: Supported Address Types (ignored here).</summary>
    public const ushort SupportedAddressTypes = 12;

    /// <summary>RFC 5061 §4.2.7: Supported Extensions.</summary>
    public const ushort SupportedExtensions = 0x8008;

    /// <summary>RFC 3758 §3.1: Forward-TSN-Supported.</summary>
    public const ushort ForwardTsnSupported = 0xC000;

    /// <summary>RFC 9260 §3.3.6: Heartbeat Info.</summary>
    public const ushort HeartbeatInfo = 1;

    public SctpParameter(ushort type, ReadOnlySpan<byte> value)
    {
        Type = type;
        Value = value;
    }

    public ushort Type { get; }

    public ReadOnlySpan<byte> Value { get; }

    /// <summary>Length of the parameter without padding.</summary>
    public int Length => HeaderLength + Value.Length;

    /// <summary>Writes the parameter and zero padding; returns the padded length.</summary>
    public int WriteTo(Span<byte> destination) => Write(destination, Type, Value);

    /// <summary>Writes a parameter and zero padding; returns the padded length.</summary>
    public static int Write(Span<byte> destination, ushort type, ReadOnlySpan<byte> value)
    {
        var length = HeaderLength + value.Length;
        BinaryPrimitives.WriteUInt16BigEndian(destination, type);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], checked((ushort)length));
        value.CopyTo(destination[HeaderLength..]);
        var padded = SctpChunk.Pad4(length);
        destination[length..padded].Clear();
        return padded;
    }

    /// <summary>Finds the first parameter of <paramref name="type"/> in a parameter list.</summary>
    public static bool TryFind(ReadOnlySpan<byte> parameters, ushort type, out ReadOnlySpan<byte> value)
    {
        foreach (var p in new SctpParameterEnumerator(parameters))
        {
            if (p.Type == type)
            {
                value = p.Value;
                return true;
            }
        }

        value = default;
        return false;
    }
}

/// <summary>Enumerates a TLV parameter list; stops at the first malformed entry and sets <see cref="IsMalformed"/>.</summary>
internal ref struct SctpParameterEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    public SctpParameterEnumerator(ReadOnlySpan<byte> parameters)
    {
        _remaining = parameters;
        Current = default;
        IsMalformed = false;
    }

    public SctpParameter Current { get; private set; }

    public bool IsMalformed { get; private set; }

    public readonly SctpParameterEnumerator GetEnumerator() => this;

    public bool MoveNext()
    {
        if (_remaining.IsEmpty)
        {
            return false;
        }

        if (_remaining.Length < SctpParameter.HeaderLength)
        {
            return Fail();
        }

        int length = BinaryPrimitives.ReadUInt16BigEndian(_remaining[2..]);
        if (length < SctpParameter.HeaderLength || length > _remaining.Length)
        {
            return Fail();
        }

        Current = new SctpParameter(BinaryPrimitives.ReadUInt16BigEndian(_remaining), _remaining[SctpParameter.HeaderLength..length]);
        _remaining = _remaining[Math.Min(_remaining.Length, SctpChunk.Pad4(length))..];
        return true;
    }

    private bool Fail()
    {
        IsMalformed = true;
        _remaining = default;
        return false;
    }
}
