using System.Net;
using System.Net.NetworkInformation;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>
/// The smallest ICE-lite endpoint (RFC 8445 §2.5) a browser will connect to, so that DTLS can be tested
/// against Chromium without our ICE agent: it answers STUN Binding requests (RFC 8489) with
/// XOR-MAPPED-ADDRESS, MESSAGE-INTEGRITY and FINGERPRINT, sends to the address the last one came from,
/// and passes only DTLS datagrams (first byte 20..63, RFC 7983) up.
/// </summary>
internal sealed class IceLiteUdpTransport : LoopbackUdpTransport
{
    private readonly byte[] _passwordKey;
    private int _stunRequests;

    public IceLiteUdpTransport(IPAddress address)
        : base(remote: null, address)
    {
        Ufrag = "tdm" + Convert.ToHexString(RandomNumberGenerator.GetBytes(3));
        Password = Convert.ToHexString(RandomNumberGenerator.GetBytes(12));
        _passwordKey = Encoding.UTF8.GetBytes(Password);
        Start();
    }

    public string Ufrag { get; }

    public string Password { get; }

    /// <summary>Binding requests answered.</summary>
    public int StunRequests => Volatile.Read(ref _stunRequests);

    /// <summary>The first non-loopback IPv4 address that is up (10.77.0.x inside the test namespace).</summary>
    public static IPAddress HostAddress() =>
        NetworkInterface.GetAllNetworkInterfaces()
            .Where(n => n.OperationalStatus == OperationalStatus.Up && n.NetworkInterfaceType != NetworkInterfaceType.Loopback)
            .SelectMany(n => n.GetIPProperties().UnicastAddresses)
            .Select(a => a.Address)
            .First(a => a.AddressFamily == AddressFamily.InterNetwork && !IPAddress.IsLoopback(a));

    protected override async ValueTask<bool> TryHandle(ReadOnlyMemory<byte> datagram, IPEndPoint from)
    {
        if (datagram.Length > 0 && datagram.Span[0] is >= 20 and <= 63)
        {
            return false;
        }

        if (TryBuildBindingSuccess(datagram.Span, from) is { } response)
        {
            Interlocked.Increment(ref _stunRequests);
            SetRemote(from);
            await Socket.SendToAsync(response, SocketFlags.None, from);
        }

        return true;
    }

    private byte[]? TryBuildBindingSuccess(ReadOnlySpan<byte> datagram, IPEndPoint from)
    {
        // RFC 8489 §6.3: only Binding requests get an answer.
        if (!StunMessage.TryParse(datagram, out var request) || request.Class != StunClass.Request || request.Method != StunMethod.Binding)
        {
            return null;
        }

        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(_passwordKey);
        writer.AddFingerprint();
        return writer.Written.ToArray();
    }
}
