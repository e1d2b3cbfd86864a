using System.Buffers;
using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Stun;

internal readonly ref partial struct StunMessage
{
    /// <summary>XOR'd into the CRC-32 of FINGERPRINT (RFC 8489 §14.7): "STUN" in ASCII.</summary>
    public const uint FingerprintXor = 0x5354554E;

    private const int StackHashLimit = 1024;

    /// <summary>True when the message has a MESSAGE-INTEGRITY attribute.</summary>
    public bool HasMessageIntegrity => HasAttribute(StunAttributeType.MessageIntegrity);

    /// <summary>True when the last attribute is FINGERPRINT.</summary>
    public bool HasFingerprint => TryFindFingerprint(out _, out _);

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY (RFC 8489 §14.5): HMAC-SHA1 over the message up to the attribute,
    /// with the header length adjusted to end after it. For ICE short-term credentials the key is
    /// the UTF-8 password (<see cref="StunCredentials.ShortTermKey"/>).
    /// </summary>
    public bool VerifyMessageIntegrity(ReadOnlySpan<byte> key) =>
        VerifyHmac(StunAttributeType.MessageIntegrity, key, sha256: false);

    /// <summary>
    /// Verifies MESSAGE-INTEGRITY-SHA256 (RFC 8489 §14.6): HMAC-SHA256, possibly truncated to 16–32
    /// bytes in steps of 4.
    /// </summary>
    public bool VerifyMessageIntegritySha256(ReadOnlySpan<byte> key) =>
        VerifyHmac(StunAttributeType.MessageIntegritySha256, key, sha256: true);

    /// <summary>
    /// Verifies FINGERPRINT (RFC 8489 §14.7): it must be the last attribute and equal the CRC-32
    /// of the message before it XOR 0x5354554E.
    /// </summary>
    public bool VerifyFingerprint()
    {
        if (!TryFindFingerprint(out var offset, out var value))
        {
            return false;
        }

        var expected = StunCrc32.Compute(_data[..offset]) ^ FingerprintXor;
        return BinaryPrimitives.ReadUInt32BigEndian(value) == expected;
    }

    private bool TryFindFingerprint(out int offset, out ReadOnlySpan<byte> value)
    {
        offset = 0;
        value = default;
        var found = false;
        foreach (var attribute in Attributes)
        {
            found = attribute.Type == StunAttributeType.Fingerprint && attribute.Value.Length == 4;
            offset = attribute.Offset;
            value = attribute.Value;
        }

        return found && offset + 8 == _data.Length;
    }

    private bool VerifyHmac(StunAttributeType type, ReadOnlySpan<byte> key, bool sha256)
    {
        var offset = -1;
        ReadOnlySpan<byte> mac = default;
        foreach (var attribute in Attributes)
        {
            if (attribute.Type == type)
            {
                offset = attribute.Offset;
                mac = attribute.Value;
                break;
            }
        }

        var validLength = sha256 ? mac.Length is >= 16 and <= 32 && (mac.Length & 3) == 0 : mac.Length == 20;
        if (offset < 0 || !validLength)
        {
            return false;
        }

        byte[]? rented = null;
        var input = offset <= StackHashLimit ? stackalloc byte[offset] : (rented = ArrayPool<byte>.Shared.Rent(offset)).AsSpan(0, offset);
        try
        {
            _data[..offset].CopyTo(input);

            // RFC 8489 §14.5: the length covers everything up to and including this attribute.
            BinaryPrimitives.WriteUInt16BigEndian(input[2..], (ushort)(offset - HeaderSize + 4 + mac.Length));
            Span<byte> computed = stackalloc byte[32];
            var written = sha256 ? HMACSHA256.HashData(key, input, computed) : HMACSHA1.HashData(key, input, computed);
            return written >= mac.Length && CryptographicOperations.FixedTimeEquals(computed[..mac.Length], mac);
        }
        finally
        {
            if (rented is not null)
            {
                ArrayPool<byte>.Shared.Return(rented);
            }
        }
    }
}
