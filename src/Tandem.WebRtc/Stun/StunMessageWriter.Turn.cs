using System.Buffers.Binary;
using System.Net;

namespace Tandem.WebRtc.Stun;

internal ref partial struct StunMessageWriter
{
    /// <summary>IANA protocol number of UDP, the transport a TURN client asks for (RFC 8656 §18.8).</summary>
    public const byte TransportUdp = 17;

    /// <summary>Appends REALM (RFC 8489 §14.9), UTF-8.</summary>
    public void AddRealm(string realm) => AddString(StunAttributeType.Realm, realm);

    /// <summary>Appends NONCE (RFC 8489 §14.10), UTF-8.</summary>
    public void AddNonce(string nonce) => AddString(StunAttributeType.Nonce, nonce);

    /// <summary>Appends XOR-PEER-ADDRESS (RFC 8656 §18.3), encoded as XOR-MAPPED-ADDRESS.</summary>
    public void AddXorPeerAddress(IPEndPoint endPoint) => AddXorAddress(StunAttributeType.XorPeerAddress, endPoint);

    /// <summary>Appends XOR-RELAYED-ADDRESS (RFC 8656 §18.5), encoded as XOR-MAPPED-ADDRESS.</summary>
    public void AddXorRelayedAddress(IPEndPoint endPoint) => AddXorAddress(StunAttributeType.XorRelayedAddress, endPoint);

    /// <summary>Appends LIFETIME (RFC 8656 §18.2): seconds; 0 deletes the allocation (§8).</summary>
    public void AddLifetime(uint seconds) =>
        BinaryPrimitives.WriteUInt32BigEndian(Reserve(StunAttributeType.Lifetime, 4), seconds);

    /// <summary>
    /// Appends REQUESTED-TRANSPORT (RFC 8656 §18.8): the protocol number in the first byte, then
    /// three reserved zero bytes.
    /// </summary>
    public void AddRequestedTransport(byte protocol)
    {
        var slot = Reserve(StunAttributeType.RequestedTransport, 4);
        slot.Clear();
        slot[0] = protocol;
    }

    /// <summary>Appends CHANNEL-NUMBER (RFC 8656 §18.1): the number, then 16 reserved zero bits.</summary>
    public void AddChannelNumber(ushort channel)
    {
        var slot = Reserve(StunAttributeType.ChannelNumber, 4);
        BinaryPrimitives.WriteUInt16BigEndian(slot, channel);
        slot[2] = 0;
        slot[3] = 0;
    }

    /// <summary>Appends DATA (RFC 8656 §18.4).</summary>
    public void AddData(scoped ReadOnlySpan<byte> data) => AddAttribute(StunAttributeType.Data, data);

    private void AddXorAddress(StunAttributeType type, IPEndPoint endPoint)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        var slot = Reserve(type, StunAddressCodec.GetSize(endPoint));
        StunAddressCodec.Write(slot, endPoint, _buffer.Slice(4, 16));
    }
}
