using System.Buffers.Binary;
using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>
/// Sends UDP datagrams with any source address and port through a raw IPv4 socket (IPPROTO_RAW, so the
/// header is ours; Linux fills in the IP checksum and total length), as an attacker on the path would.
/// Needs CAP_NET_RAW: root in the test namespace.
/// </summary>
internal sealed class SpoofingUdpSender : IDisposable
{
    private const int IpHeaderLength = 20;
    private const int UdpHeaderLength = 8;
    private readonly Socket _socket;
    private readonly byte[] _packet = new byte[IpHeaderLength + UdpHeaderLength + 2048];

    private SpoofingUdpSender(Socket socket) => _socket = socket;

    /// <summary>Opens the raw socket, or throws saying how to run the test when this process may not.</summary>
    public static SpoofingUdpSender Open()
    {
        try
        {
            return new SpoofingUdpSender(new Socket(AddressFamily.InterNetwork, SocketType.Raw, ProtocolType.Raw));
        }
        catch (SocketException e)
        {
            throw new InvalidOperationException(
                "Sending from a spoofed 5-tuple needs a raw socket (CAP_NET_RAW): run the WebRTC integration tests as root in the " +
                "test namespace (scripts/test.sh, or scripts/testnet.sh exec). " + e.Message, e);
        }
    }

    /// <summary>Sends <paramref name="payload"/> as a UDP datagram from <paramref name="from"/> to <paramref name="to"/> (IPv4 only).</summary>
    public void Send(IPEndPoint from, IPEndPoint to, ReadOnlySpan<byte> payload)
    {
        // RFC 791 header: version 4, IHL 5, no options; TTL 64; protocol 17 (UDP).
        Span<byte> ip = _packet.AsSpan(0, IpHeaderLength);
        ip.Clear();
        ip[0] = 0x45;
        BinaryPrimitives.WriteUInt16BigEndian(ip[2..], (ushort)(IpHeaderLength + UdpHeaderLength + payload.Length));
        ip[8] = 64;
        ip[9] = (byte)ProtocolType.Udp;
        from.Address.TryWriteBytes(ip[12..], out _);
        to.Address.TryWriteBytes(ip[16..], out _);

        // RFC 768: checksum 0 means none (allowed over IPv4).
        Span<byte> udp = _packet.AsSpan(IpHeaderLength, UdpHeaderLength);
        BinaryPrimitives.WriteUInt16BigEndian(udp, (ushort)from.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[2..], (ushort)to.Port);
        BinaryPrimitives.WriteUInt16BigEndian(udp[4..], (ushort)(UdpHeaderLength + payload.Length));
        BinaryPrimitives.WriteUInt16BigEndian(udp[6..], 0);
        payload.CopyTo(_packet.AsSpan(IpHeaderLength + UdpHeaderLength));
        _socket.SendTo(_packet.AsSpan(0, IpHeaderLength + UdpHeaderLength + payload.Length), SocketFlags.None, new IPEndPoint(to.Address, 0));
    }

    public void Dispose() => _socket.Dispose();
}
