using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Tandem.WebRtc.Stun;

internal readonly ref partial struct StunMessage
{
    /// <summary>Magic cookie followed by the transaction ID: the XOR key of RFC 8489 §14.2.</summary>
    private ReadOnlySpan<byte> XorKey => _data.Slice(4, 16);

    /// <summary>Reads XOR-MAPPED-ADDRESS (RFC 8489 §14.2), IPv4 or IPv6.</summary>
    public bool TryGetXorMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.XorMappedAddress, out var value)
            && StunAddressCodec.TryRead(value, XorKey, out endPoint);
    }

    /// <summary>Reads MAPPED-ADDRESS (RFC 8489 §14.1), sent by RFC 3489-era servers.</summary>
    public bool TryGetMappedAddress(out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(StunAttributeType.MappedAddress, out var value)
            && StunAddressCodec.TryRead(value, default, out endPoint);
    }

    /// <summary>The raw USERNAME bytes (RFC 8489 §14.3), UTF-8.</summary>
    public bool TryGetUsername(out ReadOnlySpan<byte> username) => TryGetAttribute(StunAttributeType.Username, out username);

    /// <summary>USERNAME decoded as UTF-8.</summary>
    public bool TryGetUsername(out string? username) => TryGetString(StunAttributeType.Username, out username);

    /// <summary>SOFTWARE (RFC 8489 §14.14) decoded as UTF-8.</summary>
    public bool TryGetSoftware(out string? software) => TryGetString(StunAttributeType.Software, out software);

    /// <summary>PRIORITY (RFC 8445 §7.1.1): a 32-bit value.</summary>
    public bool TryGetPriority(out uint priority)
    {
        priority = 0;
        if (!TryGetAttribute(StunAttributeType.Priority, out var value) || value.Length != 4)
        {
            return false;
        }

        priority = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>USE-CANDIDATE (RFC 8445 §7.1.2): present or not, no value.</summary>
    public bool HasUseCandidate => HasAttribute(StunAttributeType.UseCandidate);

    /// <summary>ICE-CONTROLLING (RFC 8445 §7.1.3): the sender's 64-bit tie-breaker.</summary>
    public bool TryGetIceControlling(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlling, out tieBreaker);

    /// <summary>ICE-CONTROLLED (RFC 8445 §7.1.3): the sender's 64-bit tie-breaker.</summary>
    public bool TryGetIceControlled(out ulong tieBreaker) => TryGetUInt64(StunAttributeType.IceControlled, out tieBreaker);

    /// <summary>
    /// ERROR-CODE (RFC 8489 §14.8): 21 reserved bits, a 3-bit class (3–6), an 8-bit number
    /// (0–99), then a UTF-8 reason phrase.
    /// </summary>
    public bool TryGetErrorCode(out int code, out string reason)
    {
        code = 0;
        reason = string.Empty;
        if (!TryGetAttribute(StunAttributeType.ErrorCode, out var value) || value.Length < 4)
        {
            return false;
        }

        var errorClass = value[2] & 0x07;
        var number = value[3];
        if (errorClass is < 3 or > 6 || number > 99)
        {
            return false;
        }

        code = (errorClass * 100) + number;
        reason = Encoding.UTF8.GetString(value[4..]);
        return true;
    }

    /// <summary>
    /// Finds the first comprehension-required attribute (RFC 8489 §14) that is not in
    /// <paramref name="known"/>; used to answer a request with 420 Unknown Attribute.
    /// </summary>
    public bool TryGetUnknownRequiredAttribute(ReadOnlySpan<StunAttributeType> known, out StunAttributeType unknown)
    {
        foreach (var attribute in Attributes)
        {
            if (attribute.IsComprehensionRequired && !known.Contains(attribute.Type))
            {
                unknown = attribute.Type;
                return true;
            }
        }

        unknown = default;
        return false;
    }

    private bool TryGetString(StunAttributeType type, out string? text)
    {
        text = null;
        if (!TryGetAttribute(type, out var value))
        {
            return false;
        }

        text = Encoding.UTF8.GetString(value);
        return true;
    }

    private bool TryGetUInt64(StunAttributeType type, out ulong result)
    {
        result = 0;
        if (!TryGetAttribute(type, out var value) || value.Length != 8)
        {
            return false;
        }

        result = BinaryPrimitives.ReadUInt64BigEndian(value);
        return true;
    }
}
