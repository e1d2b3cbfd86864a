using Tandem.Cli.Options;
using Tandem.Testing;

namespace Tandem.Cli.Tests.Options;

/// <summary><c>--ca FILE</c>: the PEM CA certificates trusted for a <c>wss://</c> server, each mistake one message naming the option.</summary>
public class CaOptionTests
{
    [Fact]
    public void Ca_PemFile_ItsCertificatesTrusted()
    {
        using var pki = TestPki.Create();
        using var other = TestPki.Create("other");
        var both = pki.WriteFile("both.pem", File.ReadAllText(pki.CaPath) + "\n" + File.ReadAllText(other.CaPath));

        Assert.True(AppOptionsParser.TryParse(["--server", "wss://signal.example:8443/", "--id", "app_1", "--ca", both], out var options, out var error), error);

        var authorities = options!.Common.ServerCertificateAuthorities!;
        Assert.Equal([pki.Ca.Thumbprint, other.Ca.Thumbprint], authorities.Select(c => c.Thumbprint));
    }

    [Fact]
    public void NoCa_SystemTrustUsed()
    {
        Assert.True(DeviceOptionsParser.TryParse(["--server", "wss://signal.example/", "--id", "glasses_1"], out var options, out var error), error);
        Assert.Null(options!.Common.ServerCertificateAuthorities);
    }

    [Fact]
    public void Ca_Mistakes_OneMessageNamingTheOption()
    {
        using var pki = TestPki.Create();
        var missing = Path.Combine(pki.Directory, "none.pem");
        Assert.Equal($"--ca: no such file '{missing}'; give the PEM file of the CA certificate(s) that issued the server's certificate",
            Error("--server", "wss://h/", "--ca", missing));
        Assert.Equal($"--ca: '{pki.KeyPath}' holds no PEM certificate (-----BEGIN CERTIFICATE-----); give the CA's certificate, not a key",
            Error("--server", "wss://h/", "--ca", pki.KeyPath));
        Assert.Equal("--ca applies to a wss:// server; ws://h/ is not one (use wss://, or drop --ca)",
            Error("--server", "ws://h/", "--ca", pki.CaPath));
    }

    private static string Error(params string[] args)
    {
        Assert.False(DeviceOptionsParser.TryParse([.. args, "--id", "glasses_1"], out _, out var error));
        return error;
    }
}
