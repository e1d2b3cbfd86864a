using System.Net.Http;
using System.Security.Authentication;
using Tandem.Server.Tests.TestSupport;
using Tandem.Testing;

namespace Tandem.Server.Tests.Tls;

/// <summary>
/// The server with <c>Signaling:Tls:*</c>: wss:// signaling, https:// pages and API from a PEM chain or a
/// PFX file, TLS only on <c>Signaling:Port</c> or beside the plain port on <c>Signaling:TlsPort</c>.
/// </summary>
public class TlsServingTests
{
    [Fact]
    public async Task PemChainAndKey_WssPairsAndHttpsServesTheAppPage_PlainRefused()
    {
        using var pki = TestPki.Create();
        await using var server = await ServerHost.StartWithArgsAsync([$"--Signaling:Tls:CertificatePath={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.KeyPath}"]);
        var wss = new Uri($"wss://localhost:{server.Port}/");

        await using var glasses = await ConnectAsync(pki, wss);
        await using var app = await ConnectAsync(pki, wss);
        await glasses.SendAsync(Messages.Join("glasses_tls1"));
        await app.SendAsync(Messages.Join("app_tls1"));
        Assert.Equal("app_tls1", (await glasses.ReceiveAsync("role")).GetProperty("data").GetProperty("peer_id").GetString());

        using var http = pki.HttpClient();
        Assert.Equal("ok\n", await http.GetStringAsync(new Uri($"https://127.0.0.1:{server.Port}/healthz")));
        var page = await http.GetStringAsync(new Uri($"https://localhost:{server.Port}/app?id=app_tls1"));
        Assert.Contains("<html", page, StringComparison.OrdinalIgnoreCase);

        // The port speaks TLS only: a plain request gets no HTTP answer.
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        await Assert.ThrowsAsync<HttpRequestException>(() => plain.GetStringAsync(new Uri($"http://127.0.0.1:{server.Port}/healthz")));
    }

    [Fact]
    public async Task Pfx_TlsPortBesidePlainPort_BothServe()
    {
        using var pki = TestPki.Create();
        var pfx = pki.WritePfx("server.pfx", "s3cret");
        var tlsPort = ServerHost.FreePort();
        await using var server = await ServerHost.StartWithArgsAsync([$"--Signaling:Tls:CertificatePath={pfx}", "--Signaling:Tls:Password=s3cret", $"--Signaling:TlsPort={tlsPort}"]);

        using var https = pki.HttpClient();
        Assert.Equal("ok\n", await https.GetStringAsync(new Uri($"https://localhost:{tlsPort}/healthz")));
        using var plain = new HttpClient { Timeout = TimeSpan.FromSeconds(10) };
        Assert.Equal("ok\n", await plain.GetStringAsync(new Uri($"http://127.0.0.1:{server.Port}/healthz")));

        await using var glasses = await ConnectAsync(pki, new Uri($"wss://localhost:{tlsPort}/"));
        await using var app = new WsClient();
        await app.ConnectAsync(new Uri($"ws://127.0.0.1:{server.Port}/"));
        await glasses.SendAsync(Messages.Join("glasses_tls2"));
        await app.SendAsync(Messages.Join("app_tls2"));
        Assert.Equal("glasses_tls2", (await app.ReceiveAsync("role")).GetProperty("data").GetProperty("peer_id").GetString());
    }

    [Fact]
    public async Task ExpiredCertificate_ServesAndWarnsNamingTheFile()
    {
        using var pki = TestPki.Create(notBefore: DateTimeOffset.UtcNow.AddDays(-10), notAfter: DateTimeOffset.UtcNow.AddDays(-1));
        await using var server = await ServerHost.StartWithArgsAsync([$"--Signaling:Tls:CertificatePath={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.KeyPath}"]);
        var warning = Assert.Single(server.Logs.Lines, l => l.Contains("TLS certificate", StringComparison.Ordinal));
        Assert.StartsWith($"Warning: the TLS certificate in '{pki.ChainPath}' (CN=localhost) expired on ", warning, StringComparison.Ordinal);
        Assert.EndsWith("clients will refuse it; renew it and restart the server", warning, StringComparison.Ordinal);

        // A client that checks certificates refuses it, as the warning says.
        using var http = pki.HttpClient();
        var refused = await Assert.ThrowsAsync<HttpRequestException>(() => http.GetStringAsync(new Uri($"https://localhost:{server.Port}/healthz")));
        Assert.IsType<AuthenticationException>(refused.InnerException);
    }

    private static async Task<WsClient> ConnectAsync(TestPki pki, Uri uri)
    {
        var client = new WsClient();
        client.Socket.Options.RemoteCertificateValidationCallback = pki.Validate;
        await client.ConnectAsync(uri);
        return client;
    }
}
