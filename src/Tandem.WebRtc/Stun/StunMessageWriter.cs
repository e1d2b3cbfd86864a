using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Stun;

/// <summary>
/// Writes one STUN message (RFC 8489 §5) into a caller-provided span, attribute by attribute.
/// Integrity and fingerprint attributes must come last, in the order MESSAGE-INTEGRITY,
/// MESSAGE-INTEGRITY-SHA256, FINGERPRINT (RFC 8489 §14.5–14.7). Running out of space is a
/// programming error and throws <see cref="ArgumentException"/>: size buffers for the largest message.
/// </summary>
internal ref partial struct StunMessageWriter
{
    private readonly Span<byte> _buffer;
    private int _length;

    /// <summary>Starts a message: writes the 20-byte header.</summary>
    public StunMessageWriter(Span<byte> destination, StunClass stunClass, StunMethod method, StunTransactionId transactionId)
    {
        if (destination.Length < StunMessage.HeaderSize)
        {
            throw new ArgumentException("Buffer too small for a STUN header.", nameof(destination));
        }

        _buffer = destination;
        BinaryPrimitives.WriteUInt16BigEndian(destination, StunMessage.ComposeType(stunClass, method));
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], StunMessage.MagicCookie);
        transactionId.WriteTo(destination[8..]);
        _length = StunMessage.HeaderSize;
        UpdateLength();
    }

    /// <summary>Bytes written so far (a complete message after every call).</summary>
    public readonly int Length => _length;

    /// <summary>The message written so far.</summary>
    public readonly ReadOnlySpan<byte> Written => _buffer[.._length];

    /// <summary>Appends an attribute with a raw value, padding it to 4 bytes with zeros.</summary>
    public void AddAttribute(StunAttributeType type, scoped ReadOnlySpan<byte> value)
    {
        var slot = Reserve(type, value.Length);
        value.CopyTo(slot);
    }

    /// <summary>Appends MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 with <paramref name="key"/>.</summary>
    public void AddMessageIntegrity(scoped ReadOnlySpan<byte> key)
    {
        var start = _length;
        var slot = Reserve(StunAttributeType.MessageIntegrity, 20);
        HMACSHA1.HashData(key, _buffer[..start], slot);
    }

    /// <summary>Appends MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6), full 32 bytes.</summary>
    public void AddMessageIntegritySha256(scoped ReadOnlySpan<byte> key)
    {
        var start = _length;
        var slot = Reserve(StunAttributeType.MessageIntegritySha256, 32);
        HMACSHA256.HashData(key, _buffer[..start], slot);
    }

    /// <summary>Appends FINGERPRINT (RFC 8489 §14.7); must be the last attribute.</summary>
    public void AddFingerprint()
    {
        var start = _length;
        var slot = Reserve(StunAttributeType.Fingerprint, 4);
        BinaryPrimitives.WriteUInt32BigEndian(slot, StunCrc32.Compute(_buffer[..start]) ^ StunMessage.FingerprintXor);
    }

    /// <summary>
    /// Reserves the attribute header and padded value, sets the header length to include it
    /// (so HMAC and CRC see the final length, RFC 8489 §14.5/§14.7), and returns the value slot.
    /// </summary>
    private Span<byte> Reserve(StunAttributeType type, int valueLength)
    {
        var padded = (valueLength + 3) & ~3;
        if (valueLength > ushort.MaxValue || _length + 4 + padded > _buffer.Length)
        {
            throw new ArgumentException("STUN buffer too small for the attribute.");
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[_length..], (ushort)type);
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_length + 2)..], (ushort)valueLength);
        var slot = _buffer.Slice(_length + 4, valueLength);
        _buffer.Slice(_length + 4 + valueLength, padded - valueLength).Clear();
        _length += 4 + padded;
        UpdateLength();
        return slot;
    }

    private readonly void UpdateLength() =>
        BinaryPrimitives.WriteUInt16BigEndian(_buffer[2..], (ushort)(_length - StunMessage.HeaderSize));
}
