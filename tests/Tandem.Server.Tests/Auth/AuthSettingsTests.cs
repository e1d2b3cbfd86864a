using System.Security.Cryptography;
using Microsoft.Extensions.Configuration;
using Tandem.Server.Configuration;
using Tandem.Server.Hosting;

namespace Tandem.Server.Tests.Auth;

/// <summary>The <c>Auth:*</c> and new <c>Signaling:*</c> rows: defaults, checks at start-up, <c>--help</c>.</summary>
public class AuthSettingsTests
{
    [Fact]
    public void Defaults_AuthOff_KvsRates_PerAddressCap_AnyOrigin()
    {
        var settings = Load();
        Assert.Equal(AuthMode.None, settings.Auth.Mode);
        Assert.Equal(5, settings.Signaling.MaxOfferAnswerPerSecond);
        Assert.Equal(20, settings.Signaling.MaxIcePerSecond);
        Assert.Equal(3, settings.Signaling.MaxJoinLeavePerSecond);
        Assert.Equal(100, settings.Signaling.MaxConnectionsPerAddress);
        Assert.Empty(settings.AllowedOrigins);
    }

    [Fact]
    public void TokenMode_WithSecret_ReadsEveryKey()
    {
        var settings = Load(("Auth:Mode", "token"), ("Auth:Secret", new string('k', 32)), ("Auth:Issuer", "acme"), ("Auth:ClockSkewSeconds", "5"));
        Assert.Equal(AuthMode.Token, settings.Auth.Mode);
        Assert.Equal(32, settings.Auth.Token!.Secret!.Length);
        Assert.Equal("acme", settings.Auth.Token.Issuer);
        Assert.Equal(TimeSpan.FromSeconds(5), settings.Auth.Token.ClockSkew);
    }

    [Fact]
    public void TokenMode_WithoutKey_RefusedSayingWhatToSet()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Mode", "token")));
        Assert.Contains("Auth:Secret", Assert.Single(e.Problems), StringComparison.Ordinal);
        Assert.Contains("tandem token --new-secret", e.Problems[0], StringComparison.Ordinal);
    }

    [Fact]
    public void TokenMode_ShortSecret_Refused()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Mode", "token"), ("Auth:Secret", "short")));
        Assert.Equal("Auth:Secret is 5 bytes: it must be at least 32 (make one with: tandem token --new-secret)", Assert.Single(e.Problems));
    }

    [Fact]
    public void TokenMode_PublicKeyFile_P256Accepted_OthersRefused()
    {
        var dir = Directory.CreateTempSubdirectory("tandem-auth-");
        try
        {
            using var p256 = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var good = Path.Combine(dir.FullName, "p256.pem");
            File.WriteAllText(good, p256.ExportSubjectPublicKeyInfoPem());
            Assert.NotNull(Load(("Auth:Mode", "token"), ("Auth:PublicKeyPath", good)).Auth.Token!.PublicKey);

            using var p384 = ECDsa.Create(ECCurve.NamedCurves.nistP384);
            var wrongCurve = Path.Combine(dir.FullName, "p384.pem");
            File.WriteAllText(wrongCurve, p384.ExportSubjectPublicKeyInfoPem());
            Assert.Contains("P-256", Assert.Single(Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Mode", "token"), ("Auth:PublicKeyPath", wrongCurve))).Problems), StringComparison.Ordinal);

            var notPem = Path.Combine(dir.FullName, "garbage.pem");
            File.WriteAllText(notPem, "hello");
            Assert.Contains("not a PEM EC public key", Assert.Single(Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Mode", "token"), ("Auth:PublicKeyPath", notPem))).Problems), StringComparison.Ordinal);

            var missing = Path.Combine(dir.FullName, "missing.pem");
            Assert.Contains("cannot read", Assert.Single(Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Mode", "token"), ("Auth:PublicKeyPath", missing))).Problems), StringComparison.Ordinal);
        }
        finally
        {
            dir.Delete(recursive: true);
        }
    }

    [Fact]
    public void WebhookMode_WithoutUrl_Refused()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Mode", "webhook")));
        Assert.Contains("Auth:WebhookUrl", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("Auth:Mode", "password")]
    [InlineData("Auth:ClockSkewSeconds", "-1")]
    [InlineData("Signaling:MaxIcePerSecond", "-1")]
    [InlineData("Signaling:MaxConnectionsPerAddress", "lots")]
    [InlineData("Admin:MaxFailedLoginsPerMinute", "0")]
    public void InvalidValue_FailsNamingTheKey(string key, string value)
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load((key, value)));
        Assert.StartsWith($"  {key} = '{value}': must be ", Assert.Single(e.Problems), StringComparison.Ordinal);
    }

    [Fact]
    public void UnknownAuthKey_RefusedWithTheClosestKey()
    {
        var e = Assert.Throws<InvalidSettingsException>(() => Load(("Auth:Secrt", "x")));
        Assert.Equal(["  Auth:Secrt (MemoryConfigurationProvider): unknown setting; did you mean Auth:Secret?"], e.Problems);
    }

    [Fact]
    public void Help_ListsTheNewSettings()
    {
        var help = HelpText.Render();
        foreach (var key in new[] { "Auth:Mode", "Auth:Secret", "Auth:PublicKeyPath", "Auth:Issuer", "Auth:ClockSkewSeconds", "Auth:WebhookUrl", "Signaling:MaxIcePerSecond", "Signaling:AllowedOrigins", "Signaling:MaxConnectionsPerAddress", "Admin:MaxFailedLoginsPerMinute" })
        {
            Assert.Contains("--" + key + "=", help, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void AllowedOrigins_ParsedAndMatched()
    {
        var origins = Load(("Signaling:AllowedOrigins", " https://a.example/ ,http://127.0.0.1:8000")).AllowedOrigins;
        Assert.Equal(["https://a.example", "http://127.0.0.1:8000"], origins);
        Assert.True(OriginList.Allows(origins, "https://A.example"));
        Assert.True(OriginList.Allows(origins, null));
        Assert.False(OriginList.Allows(origins, "https://a.example.evil"));
    }

    private static ServerSettings Load(params (string Key, string Value)[] values) =>
        ServerSettings.Load(new ConfigurationBuilder().AddInMemoryCollection(values.Select(v => new KeyValuePair<string, string?>(v.Key, v.Value))).Build());
}
