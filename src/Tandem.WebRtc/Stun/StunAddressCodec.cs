using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.Stun;

/// <summary>
/// MAPPED-ADDRESS (RFC 8489 §14.1) and XOR-MAPPED-ADDRESS (RFC 8489 §14.2) values.
/// </summary>
/// <remarks>
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |0 0 0 0 0 0 0 0|    Family     |         (X-)Port              |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// |                 (X-)Address (32 bits or 128 bits)             |
/// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
/// </code>
/// For XOR-MAPPED-ADDRESS the port is XOR'd with the top 16 bits of the magic cookie and the
/// address with the magic cookie (IPv4) or the cookie followed by the transaction ID (IPv6).
/// </remarks>
internal static class StunAddressCodec
{
    private const byte FamilyIPv4 = 0x01;
    private const byte FamilyIPv6 = 0x02;

    public static int GetSize(IPEndPoint endPoint) => endPoint.AddressFamily == AddressFamily.InterNetworkV6 ? 20 : 8;

    // xorKey: the 16 bytes cookie+transaction ID for XOR-MAPPED-ADDRESS, or empty for MAPPED-ADDRESS.
    public static bool TryRead(ReadOnlySpan<byte> value, ReadOnlySpan<byte> xorKey, out IPEndPoint? endPoint)
    {
        endPoint = null;
        if (value.Length < 4)
        {
            return false;
        }

        var family = value[1];
        var addressLength = family switch
        {
            FamilyIPv4 => 4,
            FamilyIPv6 => 16,
            _ => -1,
        };
        if (addressLength < 0 || value.Length < 4 + addressLength)
        {
            return false;
        }

        int port = BinaryPrimitives.ReadUInt16BigEndian(value[2..]);
        Span<byte> address = stackalloc byte[addressLength];
        value.Slice(4, addressLength).CopyTo(address);
        if (!xorKey.IsEmpty)
        {
            port ^= (int)(StunMessage.MagicCookie >> 16);
            for (var i = 0; i < addressLength; i++)
            {
                address[i] ^= xorKey[i];
            }
        }

        endPoint = new IPEndPoint(new IPAddress(address), port);
        return true;
    }

    public static int Write(Span<byte> destination, IPEndPoint endPoint, ReadOnlySpan<byte> xorKey)
    {
        var isV6 = endPoint.AddressFamily == AddressFamily.InterNetworkV6;
        var addressLength = isV6 ? 16 : 4;
        destination[0] = 0;
        destination[1] = isV6 ? FamilyIPv6 : FamilyIPv4;
        var port = endPoint.Port;
        if (!xorKey.IsEmpty)
        {
            port ^= (int)(StunMessage.MagicCookie >> 16);
        }

        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)port);
        var address = destination.Slice(4, addressLength);
        if (!endPoint.Address.TryWriteBytes(address, out _))
        {
            throw new ArgumentException("Address could not be written.", nameof(endPoint));
        }

        if (!xorKey.IsEmpty)
        {
            for (var i = 0; i < addressLength; i++)
            {
                address[i] ^= xorKey[i];
            }
        }

        return 4 + addressLength;
    }
}
