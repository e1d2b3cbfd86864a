using System.Net;
using Tandem.EndToEnd.Tests.Browser;
using Tandem.Testing.Processes;
using Tandem.Testing;

namespace Tandem.EndToEnd.Tests.Tls;

/// <summary>
/// <c>tandem device</c> and <c>tandem app</c> over <c>wss://</c> to a server on a non-loopback test address
/// whose certificate a test CA issued (inside the test network namespace, hence the Browser category):
/// with <c>--ca</c> they pair and the data channel echoes; with another CA the app is refused in one line.
/// </summary>
[Trait("Category", "Browser")]
public class SecureCallTests
{
    private const string Address = "10.77.0.1";
    private static readonly TimeSpan Wait = TimeSpan.FromSeconds(30);

    [Fact]
    public async Task DeviceAndApp_WssWithTestCa_PairAndDataEchoes()
    {
        AppPageBrowser.RequireTestNamespace();
        using var pki = TestPki.Create(addresses: [IPAddress.Parse(Address)]);
        await using var server = await ServerProcess.StartTlsAsync(pki, Address);
        await using var device = Start(server, pki.CaPath, "device", "glasses_e2e_wss", "--echo");
        await device.WaitForLineAsync(l => l.StartsWith("joined as", StringComparison.Ordinal), "the device's join", Wait);
        await using var app = Start(server, pki.CaPath, "app", "app_e2e_wss", "--send", "over tls", "--seconds", "2");

        var code = await app.WaitForExitAsync(TimeSpan.FromSeconds(60));

        var transcript = app.Transcript() + "\n" + device.Transcript();
        Assert.True(code == 0, $"app exit code {code}\n{transcript}");
        Assert.Contains($"joined as app_e2e_wss on wss://{Address}:{server.Port}/; waiting for glasses_e2e_wss", app.Lines);
        Assert.Contains("data: over tls", device.Lines);
        Assert.Contains("data: echo: over tls", app.Lines);
    }

    [Fact]
    public async Task App_WssWithAnotherCa_RefusedInOneLineExitThree()
    {
        AppPageBrowser.RequireTestNamespace();
        using var pki = TestPki.Create(addresses: [IPAddress.Parse(Address)]);
        using var other = TestPki.Create("other");
        await using var server = await ServerProcess.StartTlsAsync(pki, Address);
        await using var app = Start(server, other.CaPath, "app", "app_e2e_wss_refused");

        var code = await app.WaitForExitAsync(Wait);

        Assert.True(code == 3, $"exit code {code}\n{app.Transcript()}");
        Assert.Contains(
            $"stderr: tandem: wss://{Address}:{server.Port}/: the server's certificate was not trusted: CN=localhost, issued by CN=Tandem test CA: " +
            "its issuer is not a trusted CA; the CA certificate(s) in --ca did not issue it: pass the CA that did with --ca FILE",
            app.Lines);
    }

    private static ChildProcess Start(ServerProcess server, string ca, string command, string id, params string[] args) =>
        ChildProcess.Start($"{command} {id}", Binaries.Tandem, [command, "--server", server.WebSocketUri, "--ca", ca, "--id", id, "--no-video", "--no-audio", .. args]);
}
