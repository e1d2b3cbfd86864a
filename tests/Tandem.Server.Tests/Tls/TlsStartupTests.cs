using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;
using Tandem.Server.Hosting;
using Tandem.Server.Tests.TestSupport;
using Tandem.Testing;

namespace Tandem.Server.Tests.Tls;

/// <summary>Unusable <c>Signaling:Tls:*</c> settings stop the server before it listens, with one line naming the key and what to do.</summary>
public class TlsStartupTests
{
    private const string CertKey = "Signaling:Tls:CertificatePath";

    [Fact]
    public async Task Process_MissingCertificateFile_OneLineNamingTheKeyExit2()
    {
        var missing = Path.Combine(Path.GetTempPath(), "tandem-no-such-dir", "fullchain.pem");
        var (exit, stdout, stderr) = await ServerProcess.RunAsync([$"--{CertKey}={missing}", "--Signaling:ListenAddress=127.0.0.1", $"--Signaling:Port={ServerHost.FreePort()}"]);
        Assert.Equal(ExitCodes.InvalidSettings, exit);
        Assert.StartsWith(
            "tandem server: invalid configuration:\n" +
            $"  {CertKey} = '{missing}': no such file; give the path of the server's certificate (PEM or PFX)\n" +
            "Fix the settings above",
            stderr, StringComparison.Ordinal);
        Assert.Equal("", stdout);
    }

    [Fact]
    public void MissingKeyFile_NamesKeyPath()
    {
        using var pki = TestPki.Create();
        var missing = Path.Combine(pki.Directory, "nokey.pem");
        Assert.Equal($"  Signaling:Tls:KeyPath = '{missing}': no such file; give the path of the certificate's private key (PEM)",
            Problem($"--{CertKey}={pki.ChainPath}", $"--Signaling:Tls:KeyPath={missing}"));
    }

    [Fact]
    public void PemCertificateWithoutKey_AsksForKeyPath()
    {
        using var pki = TestPki.Create();
        Assert.Equal($"  {CertKey} = '{pki.ChainPath}': holds no private key; set Signaling:Tls:KeyPath to the key file (privkey.pem)",
            Problem($"--{CertKey}={pki.ChainPath}"));
    }

    [Fact]
    public void KeyPathHoldingACertificate_SaysItHoldsNoKey()
    {
        using var pki = TestPki.Create();
        Assert.Equal($"  Signaling:Tls:KeyPath = '{pki.CaPath}': holds no PEM private key (-----BEGIN PRIVATE KEY-----); give the key of the certificate (privkey.pem)",
            Problem($"--{CertKey}={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.CaPath}"));
    }

    [Fact]
    public void KeyOfAnotherCertificate_SaysItDoesNotBelong()
    {
        using var pki = TestPki.Create();
        using var other = TestPki.Create("other");
        var problem = Problem($"--{CertKey}={pki.ChainPath}", $"--Signaling:Tls:KeyPath={other.KeyPath}");
        Assert.StartsWith($"  Signaling:Tls:KeyPath = '{other.KeyPath}': the private key does not belong to the certificate in '{pki.ChainPath}'", problem, StringComparison.Ordinal);
        Assert.EndsWith("; give the key made with this certificate", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void KeyFileAsCertificate_SaysItHoldsNoCertificate()
    {
        using var pki = TestPki.Create();
        Assert.Equal($"  {CertKey} = '{pki.KeyPath}': holds no certificate (-----BEGIN CERTIFICATE-----); give the certificate file (fullchain.pem), not the key",
            Problem($"--{CertKey}={pki.KeyPath}"));
    }

    [Fact]
    public void EncryptedKey_WithoutPasswordAsksForIt_WrongPasswordSaysSo()
    {
        using var pki = TestPki.Create();
        var key = pki.WriteEncryptedKey("encrypted.pem", "right");
        Assert.Equal($"  Signaling:Tls:KeyPath = '{key}': the private key is encrypted; set Signaling:Tls:Password to its password",
            Problem($"--{CertKey}={pki.ChainPath}", $"--Signaling:Tls:KeyPath={key}"));
        var wrong = Problem($"--{CertKey}={pki.ChainPath}", $"--Signaling:Tls:KeyPath={key}", "--Signaling:Tls:Password=wrong");
        Assert.StartsWith($"  Signaling:Tls:Password: cannot decrypt the private key in '{key}' (", wrong, StringComparison.Ordinal);
        Assert.EndsWith("); set the password the key was encrypted with", wrong, StringComparison.Ordinal);
    }

    [Fact]
    public void Pfx_WrongPasswordSaysSo_WithoutKeySaysSo()
    {
        using var pki = TestPki.Create();
        var pfx = pki.WritePfx("server.pfx", "right");
        var wrong = Problem($"--{CertKey}={pfx}", "--Signaling:Tls:Password=wrong");
        Assert.StartsWith($"  Signaling:Tls:Password: cannot open the PFX file '{pfx}' with it (", wrong, StringComparison.Ordinal);
        Assert.EndsWith("); set the password the file was exported with", wrong, StringComparison.Ordinal);

        var keyless = pki.WritePfx("keyless.pfx", "right", withKey: false);
        Assert.Equal($"  {CertKey} = '{keyless}': the PFX file holds no private key; export it with the key (openssl pkcs12 -export -inkey KEY ...)",
            Problem($"--{CertKey}={keyless}", "--Signaling:Tls:Password=right"));
    }

    [Fact]
    public void NeitherPemNorPfx_SaysSo()
    {
        using var pki = TestPki.Create();
        var junk = pki.WriteFile("junk.crt", "not a certificate");
        Assert.StartsWith($"  {CertKey} = '{junk}': neither a PEM certificate nor a PFX file that opens without a password (", Problem($"--{CertKey}={junk}"), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--Signaling:Tls:KeyPath=/etc/key.pem", "  Signaling:Tls:KeyPath is set but Signaling:Tls:CertificatePath is not: set Signaling:Tls:CertificatePath to the certificate file, or remove it")]
    [InlineData("--Signaling:TlsPort=8443", "  Signaling:TlsPort = '8443': needs a certificate; set Signaling:Tls:CertificatePath (and Signaling:Tls:KeyPath), or remove Signaling:TlsPort")]
    public void TlsSettingWithoutCertificate_Refused(string arg, string expected) => Assert.Equal(expected, Problem(arg));

    [Fact]
    public void TlsPortSameAsPort_Refused()
    {
        using var pki = TestPki.Create();
        Assert.Equal("  Signaling:TlsPort = '8000': the same as Signaling:Port; choose another port, or remove Signaling:TlsPort to serve TLS only on Signaling:Port",
            Problem($"--{CertKey}={pki.ChainPath}", $"--Signaling:Tls:KeyPath={pki.KeyPath}", "--Signaling:Port=8000", "--Signaling:TlsPort=8000"));
    }

    [Theory]
    [InlineData("--Kestrel:Endpoints:Https:Url=https://127.0.0.1:8443", "Kestrel:Endpoints")]
    [InlineData("--Kestrel:Certificates:Default:Path=/etc/cert.pem", "Kestrel:Certificates")]
    public void KestrelEndpointConfiguration_RefusedNamingTheKeysToUse(string arg, string section) =>
        Assert.Equal($"  {section}: Kestrel's endpoint configuration is not used by this server; set Signaling:ListenAddress, Signaling:Port, and for TLS Signaling:Tls:CertificatePath (Signaling:TlsPort for a second port) instead",
            Problem(arg));

    [Fact]
    public void MisspelledTlsKey_RefusedWithTheClosestKey()
    {
        var settings = Assert.Throws<InvalidSettingsException>(() => ServerSettings.Load(new ConfigurationBuilder().AddCommandLine(["--Signaling:Tls:CertificatPath=x"]).Build(), ["--Signaling:Tls:CertificatPath=x"]));
        Assert.Equal("  --Signaling:Tls:CertificatPath=x: unknown setting; did you mean --Signaling:Tls:CertificatePath=x?", Assert.Single(settings.Problems));
    }

    private static string Problem(params string[] args)
    {
        var e = Assert.Throws<InvalidSettingsException>(() => ServerApp.Build(["--Signaling:ListenAddress=127.0.0.1", .. args]));
        return Assert.Single(e.Problems);
    }
}
