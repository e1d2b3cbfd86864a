using Tandem.Server.Tests.TestSupport;
using Tandem.Testing;

namespace Tandem.Cli.Tests.Sessions;

/// <summary>
/// <c>tandem device</c>/<c>tandem app</c> against a <c>wss://</c> server (the real server in process, on
/// loopback) whose certificate comes from a test CA: joins with <c>--ca</c>; without it, or with another
/// CA, one line says the certificate was not trusted, who issued it and to pass <c>--ca</c>, exit 3.
/// </summary>
[Collection(ConsoleCollection.Name)]
public class SecureServerCommandTests
{
    private static Task<(int Code, string Out, string Err)> RunAsync(params string[] args) => CommandErrorTests.RunAsync(args);

    private static Task<ServerHost> StartAsync(TestPki pki) =>
        ServerHost.StartWithArgsAsync([$"--Signaling:Tls:CertificatePath={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.KeyPath}"]);

    [Fact]
    public async Task App_WssWithItsCa_JoinsThenNoPeerExitFive()
    {
        using var pki = TestPki.Create();
        await using var server = await StartAsync(pki);
        var uri = $"wss://localhost:{server.Port}/";

        var (code, output, errors) = await RunAsync("app", "--server", uri, "--ca", pki.CaPath, "--id", "app_cli_wss1", "--no-audio", "--no-video", "--timeout", "1", "--quiet");

        Assert.Equal(5, code);
        Assert.StartsWith($"joined as app_cli_wss1 on {uri}; waiting for glasses_cli_wss1", output, StringComparison.Ordinal);
        Assert.DoesNotContain("not trusted", errors, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Device_WssOtherCa_OneLineSaysNotTrustedByWhomAndExitThree()
    {
        using var pki = TestPki.Create();
        using var other = TestPki.Create("other");
        await using var server = await StartAsync(pki);
        var uri = $"wss://localhost:{server.Port}/";

        var (code, output, errors) = await RunAsync("device", "--server", uri, "--ca", other.CaPath, "--id", "glasses_cli_wss2", "--no-audio", "--no-video", "--quiet");

        Assert.Equal(3, code);
        Assert.Equal(
            $"tandem: {uri}: the server's certificate was not trusted: CN=localhost, issued by CN=Tandem test CA: its issuer is not a trusted CA; " +
            "the CA certificate(s) in --ca did not issue it: pass the CA that did with --ca FILE" + Environment.NewLine,
            errors);
        Assert.Equal("", output);
    }

    [Fact]
    public async Task App_WssWithoutCa_SystemCasRefuseAndSuggestCa()
    {
        using var pki = TestPki.Create();
        await using var server = await StartAsync(pki);
        var uri = $"wss://localhost:{server.Port}/";

        var (code, _, errors) = await RunAsync("app", "--server", uri, "--id", "app_cli_wss3", "--no-audio", "--no-video", "--quiet");

        Assert.Equal(3, code);
        Assert.Equal(
            $"tandem: {uri}: the server's certificate was not trusted: CN=localhost, issued by CN=Tandem test CA: its issuer is not a trusted CA; " +
            "if the server's certificate comes from a private CA, pass that CA's certificate with --ca FILE" + Environment.NewLine,
            errors);
    }
}
