using System.Net;
using System.Text;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>Our DTLS against OpenSSL's, over UDP on 127.0.0.1.</summary>
public sealed class OpenSslDtlsInteropTests
{
    private const string Srtp = "-use_srtp SRTP_AEAD_AES_128_GCM:SRTP_AES128_CM_SHA1_80 -keymatexport EXTRACTOR-dtls_srtp -keymatexportlen 56";
    private static readonly TimeSpan Guard = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task Server_WithOpenSslClient_HandshakesExportsSameKeysAndExchangesData()
    {
        using var udp = new LoopbackUdpTransport();
        await using var server = new DtlsTransport(udp, DtlsRole.Server, DtlsCertificate.Generate("tandem"));
        using var openssl = OpenSslProcess.Start($"s_client -dtls1_2 -connect 127.0.0.1:{udp.LocalPort} {Srtp}");
        var fromOpenSsl = new TaskCompletionSource<string>(TaskCreationOptions.RunContinuationsAsynchronously);
        server.Received += data => fromOpenSsl.TrySetResult(Encoding.ASCII.GetString(data));

        await server.ConnectAsync(openssl.Fingerprint).WaitAsync(Guard);
        await openssl.WaitForOutputAsync("Keying material: ", Guard);
        await openssl.Input.WriteLineAsync("ping from openssl");
        await openssl.Input.FlushAsync();
        string received = await fromOpenSsl.Task.WaitAsync(Guard);
        await server.SendAsync(Encoding.ASCII.GetBytes("pong from tandem\n"));
        await openssl.WaitForOutputAsync("pong from tandem", Guard);

        Assert.Equal("ping from openssl\n", received);
        Assert.Equal(DtlsSrtpProtectionProfile.AeadAes128Gcm, server.SrtpProfile);
        Assert.Equal(openssl.KeyingMaterial(), server.SrtpKeys!.KeyingMaterial.ToArray());
        Assert.Contains("Extended master secret: yes", openssl.Output, StringComparison.Ordinal);
        Assert.Contains("Secure Renegotiation IS supported", openssl.Output, StringComparison.Ordinal);
        Assert.Contains("ECDHE-ECDSA-AES128-GCM-SHA256", openssl.Output, StringComparison.Ordinal);
        Assert.Equal(openssl.Fingerprint, server.RemoteFingerprint);
    }

    [Fact]
    public async Task Client_WithOpenSslServer_HandshakesAndExportsSameKeys()
    {
        int port = FreeUdpPort();
        using var openssl = OpenSslProcess.Start($"s_server -dtls1_2 -accept {port} -4 -Verify 1 {Srtp}");
        await openssl.WaitForOutputAsync("ACCEPT", Guard);
        using var udp = new LoopbackUdpTransport(new IPEndPoint(IPAddress.Loopback, port));
        await using var client = new DtlsTransport(udp, DtlsRole.Client, DtlsCertificate.Generate("tandem"));

        await client.ConnectAsync(openssl.Fingerprint).WaitAsync(Guard);
        await openssl.WaitForOutputAsync("Keying material: ", Guard);
        await client.SendAsync(Encoding.ASCII.GetBytes("hello openssl\n"));
        await openssl.WaitForOutputAsync("hello openssl", Guard);

        Assert.Equal(DtlsSrtpProtectionProfile.AeadAes128Gcm, client.SrtpProfile);
        Assert.Equal(openssl.KeyingMaterial(), client.SrtpKeys!.KeyingMaterial.ToArray());
    }

    private static int FreeUdpPort()
    {
        using var probe = new System.Net.Sockets.UdpClient(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)probe.Client.LocalEndPoint!).Port;
    }
}
