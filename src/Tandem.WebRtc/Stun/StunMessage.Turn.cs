using System.Buffers.Binary;
using System.Net;

namespace Tandem.WebRtc.Stun;

internal readonly ref partial struct StunMessage
{
    /// <summary>REALM (RFC 8489 §14.9) decoded as UTF-8.</summary>
    public bool TryGetRealm(out string? realm) => TryGetString(StunAttributeType.Realm, out realm);

    /// <summary>NONCE (RFC 8489 §14.10) decoded as UTF-8.</summary>
    public bool TryGetNonce(out string? nonce) => TryGetString(StunAttributeType.Nonce, out nonce);

    /// <summary>XOR-PEER-ADDRESS (RFC 8656 §18.3).</summary>
    public bool TryGetXorPeerAddress(out IPEndPoint? endPoint) => TryGetXorAddress(StunAttributeType.XorPeerAddress, out endPoint);

    /// <summary>XOR-RELAYED-ADDRESS (RFC 8656 §18.5).</summary>
    public bool TryGetXorRelayedAddress(out IPEndPoint? endPoint) => TryGetXorAddress(StunAttributeType.XorRelayedAddress, out endPoint);

    /// <summary>LIFETIME (RFC 8656 §18.2): seconds.</summary>
    public bool TryGetLifetime(out uint seconds)
    {
        seconds = 0;
        if (!TryGetAttribute(StunAttributeType.Lifetime, out var value) || value.Length != 4)
        {
            return false;
        }

        seconds = BinaryPrimitives.ReadUInt32BigEndian(value);
        return true;
    }

    /// <summary>REQUESTED-TRANSPORT (RFC 8656 §18.8): the protocol number.</summary>
    public bool TryGetRequestedTransport(out byte protocol)
    {
        protocol = 0;
        if (!TryGetAttribute(StunAttributeType.RequestedTransport, out var value) || value.Length != 4)
        {
            return false;
        }

        protocol = value[0];
        return true;
    }

    /// <summary>CHANNEL-NUMBER (RFC 8656 §18.1): the number (its reserved half is ignored).</summary>
    public bool TryGetChannelNumber(out ushort channel)
    {
        channel = 0;
        if (!TryGetAttribute(StunAttributeType.ChannelNumber, out var value) || value.Length != 4)
        {
            return false;
        }

        channel = BinaryPrimitives.ReadUInt16BigEndian(value);
        return true;
    }

    /// <summary>DATA (RFC 8656 §18.4): the relayed bytes, a view into the message.</summary>
    public bool TryGetData(out ReadOnlySpan<byte> data) => TryGetAttribute(StunAttributeType.Data, out data);

    private bool TryGetXorAddress(StunAttributeType type, out IPEndPoint? endPoint)
    {
        endPoint = null;
        return TryGetAttribute(type, out var value) && StunAddressCodec.TryRead(value, XorKey, out endPoint);
    }
}
