using System.Buffers.Binary;
using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>
/// The smallest ICE-lite endpoint (RFC 8445 §2.5) a browser will connect to, so that DTLS can be tested
/// against Chromium before our ICE agent exists in this test: it answers STUN Binding requests
/// (RFC 8489) with XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT, remembers the browser's
/// address, and passes DTLS datagrams (first byte 20..63, RFC 7983) up.
/// </summary>
internal sealed class IceLiteUdpTransport : IDatagramTransport, IDisposable
{
    private const uint MagicCookie = 0x2112A442;

    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private readonly byte[] _passwordKey;
    private EndPoint? _remote;

    public IceLiteUdpTransport(IPAddress address)
    {
        Ufrag = "tdm" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        _passwordKey = Encoding.UTF8.GetBytes(Password);
        _socket.Bind(new IPEndPoint(address, 0));
        _ = Task.Run(ReceiveLoopAsync);
    }

    public event DatagramHandler? Received;

    public string Ufrag { get; }

    public string Password { get; }

    public IPEndPoint LocalEndPoint => (IPEndPoint)_socket.LocalEndPoint!;

    /// <summary>Binding requests answered.</summary>
    public int StunRequests => Volatile.Read(ref _stunRequests);

    private int _stunRequests;

    /// <summary>The first non-loopback IPv4 address that is up (10.77.0.x inside the test namespace).</summary>
    public static IPAddress HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _remote) is { } remote && !_stop.IsCancellationRequested)
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, remote, cancellationToken);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            ReadOnlyMemory<byte> datagram = buffer.AsMemory(0, result.ReceivedBytes);
            if (datagram.Length >= 20 && datagram.Span[0] < 2
                && BinaryPrimitives.ReadUInt32BigEndian(datagram.Span[4..]) == MagicCookie)
            {
                await AnswerBindingAsync(datagram, (IPEndPoint)result.RemoteEndPoint);
            }
            else if (datagram.Length > 0 && datagram.Span[0] is >= 20 and <= 63)
            {
                Received?.Invoke(datagram.Span);
            }
        }
    }

    private async Task AnswerBindingAsync(ReadOnlyMemory<byte> request, IPEndPoint from)
    {
        // RFC 8489 §5: only Binding requests (0x0001) get an answer.
        if (BinaryPrimitives.ReadUInt16BigEndian(request.Span) != 0x0001)
        {
            return;
        }

        Interlocked.Increment(ref _stunRequests);
        Volatile.Write(ref _remote, from);
        byte[] response = BuildBindingSuccess(request.Span[8..20], from);
        await _socket.SendToAsync(response, SocketFlags.None, from);
    }

    private byte[] BuildBindingSuccess(ReadOnlySpan<byte> transactionId, IPEndPoint mapped)
    {
        // 20 header + XOR-MAPPED-ADDRESS (4 + 8) + MESSAGE-INTEGRITY (4 + 20) + FINGERPRINT (4 + 4).
        byte[] message = new byte[20 + 12 + 24 + 8];
        Span<byte> m = message;
        BinaryPrimitives.WriteUInt16BigEndian(m, 0x0101);
        BinaryPrimitives.WriteUInt32BigEndian(m[4..], MagicCookie);
        transactionId.CopyTo(m[8..]);

        // RFC 8489 §14.2 XOR-MAPPED-ADDRESS, IPv4.
        BinaryPrimitives.WriteUInt16BigEndian(m[20..], 0x0020);
        BinaryPrimitives.WriteUInt16BigEndian(m[22..], 8);
        m[25] = 0x01;
        BinaryPrimitives.WriteUInt16BigEndian(m[26..], (ushort)(mapped.Port ^ (MagicCookie >> 16)));
        uint address = BinaryPrimitives.ReadUInt32BigEndian(mapped.Address.GetAddressBytes());
        BinaryPrimitives.WriteUInt32BigEndian(m[28..], address ^ MagicCookie);

        // RFC 8489 §14.5 MESSAGE-INTEGRITY: HMAC-SHA1 over the message so far, length counting the attribute.
        BinaryPrimitives.WriteUInt16BigEndian(m[2..], 12 + 24);
        BinaryPrimitives.WriteUInt16BigEndian(m[32..], 0x0008);
        BinaryPrimitives.WriteUInt16BigEndian(m[34..], 20);
#pragma warning disable CA5350 // STUN short-term credentials are HMAC-SHA1 by specification.
        HMACSHA1.HashData(_passwordKey, m[..32], m[36..56]);
#pragma warning restore CA5350

        // RFC 8489 §14.7 FINGERPRINT: CRC-32 of the message so far XOR 0x5354554E.
        BinaryPrimitives.WriteUInt16BigEndian(m[2..], 12 + 24 + 8);
        BinaryPrimitives.WriteUInt16BigEndian(m[56..], 0x8028);
        BinaryPrimitives.WriteUInt16BigEndian(m[58..], 4);
        BinaryPrimitives.WriteUInt32BigEndian(m[60..], Crc32(m[..56]) ^ 0x5354554E);
        return message;
    }

    private static uint Crc32(ReadOnlySpan<byte> data)
    {
        // ISO-HDLC CRC-32 (reflected polynomial 0xEDB88320), as RFC 8489 §14.7 requires.
        uint crc = 0xFFFFFFFF;
        foreach (byte b in data)
        {
            crc ^= b;
            for (int bit = 0; bit < 8; bit++)
            {
                crc = (crc & 1) != 0 ? (crc >> 1) ^ 0xEDB88320 : crc >> 1;
            }
        }

        return ~crc;
    }
}
