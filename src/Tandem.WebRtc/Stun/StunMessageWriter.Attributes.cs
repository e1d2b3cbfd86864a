using System.Buffers.Binary;
using System.Net;
using System.Text;

namespace Tandem.WebRtc.Stun;

internal ref partial struct StunMessageWriter
{
    /// <summary>Appends XOR-MAPPED-ADDRESS (RFC 8489 §14.2).</summary>
    public void AddXorMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var slot = Reserve(StunAttributeType.XorMappedAddress, StunAddressCodec.GetSize(endPoint));
        StunAddressCodec.Write(slot, endPoint, _buffer.Slice(4, 16));
    }

    /// <summary>Appends MAPPED-ADDRESS (RFC 8489 §14.1).</summary>
    public void AddMappedAddress(IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var slot = Reserve(StunAttributeType.MappedAddress, StunAddressCodec.GetSize(endPoint));
        StunAddressCodec.Write(slot, endPoint, default);
    }

    /// <summary>Appends USERNAME (RFC 8489 §14.3), UTF-8.</summary>
    public void AddUsername(string username) => AddString(StunAttributeType.Username, username);

    /// <summary>Appends SOFTWARE (RFC 8489 §14.14), UTF-8.</summary>
    public void AddSoftware(string software) => AddString(StunAttributeType.Software, software);

    /// <summary>Appends PRIORITY (RFC 8445 §7.1.1).</summary>
    public void AddPriority(uint priority) =>
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Priority, 4), priority);

    /// <summary>Appends USE-CANDIDATE (RFC 8445 §7.1.2), an empty attribute.</summary>
    public void AddUseCandidate() => Reserve(StunAttributeType.UseCandidate, 0);

    /// <summary>Appends ICE-CONTROLLING with the agent's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlling(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlling, 8), tieBreaker);

    /// <summary>Appends ICE-CONTROLLED with the agent's tie-breaker (RFC 8445 §7.1.3).</summary>
    public void AddIceControlled(ulong tieBreaker) =>
        BinaryPrimitives.WriteUInt64BigEndian(Reserve(StunAttributeType.IceControlled, 8), tieBreaker);

    /// <summary>Appends ERROR-CODE (RFC 8489 §14.8); <paramref name="code"/> is 300–699.</summary>
    public void AddErrorCode(int code, string reason)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(code, 300);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(code, 699);
        var reasonLength = Encoding.UTF8.GetByteCount(reason);
        var slot = Reserve(StunAttributeType.ErrorCode, 4 + reasonLength);
        slot[0] = 0;
        slot[1] = 0;
        slot[2] = (byte)(code / 100);
        slot[3] = (byte)(code % 100);
        Encoding.UTF8.GetBytes(reason, slot[4..]);
    }

    /// <summary>Appends UNKNOWN-ATTRIBUTES (RFC 8489 §14.9).</summary>
    public void AddUnknownAttributes(scoped ReadOnlySpan<StunAttributeType> types)
    {
        var slot = Reserve(StunAttributeType.UnknownAttributes, types.Length * 2);
        for (var i = 0; i < types.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(slot[(i * 2)..], (ushort)types[i]);
        }
    }

    private void AddString(StunAttributeType type, string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var slot = Reserve(type, Encoding.UTF8.GetByteCount(text));
        Encoding.UTF8.GetBytes(text, slot);
    }
}
