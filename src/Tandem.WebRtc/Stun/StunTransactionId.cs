using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Stun;

/// <summary>The 96-bit STUN transaction ID (RFC 8489 §5), a value type usable as a dictionary key.</summary>
internal readonly struct StunTransactionId : IEquatable<StunTransactionId>
{
    /// <summary>Size of a transaction ID in bytes.</summary>
    public const int Size = 12;

    private readonly ulong _high;
    private readonly uint _low;

    private StunTransactionId(ulong high, uint low)
    {
        _high = high;
        _low = low;
    }

    /// <summary>A new cryptographically random ID (RFC 8489 §5: "uniformly and randomly chosen").</summary>
    public static StunTransactionId NewId()
    {
        Span<byte> bytes = stackalloc byte[Size];
        RandomNumberGenerator.Fill(bytes);
        return Read(bytes);
    }

    /// <summary>Reads an ID from the first 12 bytes of <paramref name="source"/>.</summary>
    public static StunTransactionId Read(ReadOnlySpan<byte> source) =>
        new(BinaryPrimitives.ReadUInt64BigEndian(source), BinaryPrimitives.ReadUInt32BigEndian(source[8..]));

    /// <summary>Writes the ID into the first 12 bytes of <paramref name="destination"/>.</summary>
    public void WriteTo(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt64BigEndian(destination, _high);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], _low);
    }

    /// <inheritdoc />
    public bool Equals(StunTransactionId other) => _high == other._high && _low == other._low;

    /// <inheritdoc />
    public override bool Equals(object? obj) => obj is StunTransactionId other && Equals(other);

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(_high, _low);

    /// <summary>The ID as 24 lowercase hex digits.</summary>
    public override string ToString() => $"{_high:x16}{_low:x8}";

    public static bool operator ==(StunTransactionId left, StunTransactionId right) => left.Equals(right);

    public static bool operator !=(StunTransactionId left, StunTransactionId right) => !left.Equals(right);
}
