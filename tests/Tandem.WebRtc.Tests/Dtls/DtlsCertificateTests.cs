using System.Security.Cryptography.X509Certificates;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.Tests.Dtls;

public sealed class DtlsCertificateTests
{
    [Fact]
    public void Default_CalledTwice_SameInstance() =>
        Assert.Same(DtlsCertificate.Default, DtlsCertificate.Default);

    [Fact]
    public void Generate_IsSelfSignedEcdsaP256()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate("unit");

        using X509Certificate2 parsed = X509CertificateLoader.LoadCertificate(certificate.Der);
        using var key = parsed.GetECDsaPublicKey();
        Assert.NotNull(key);
        Assert.Equal(256, key.KeySize);
        Assert.Equal(parsed.Subject, parsed.Issuer);
        Assert.Equal("1.2.840.10045.4.3.2", parsed.SignatureAlgorithm.Value);
        Assert.True(parsed.NotBefore < DateTime.Now && parsed.NotAfter > DateTime.Now.AddDays(7));
    }

    [Fact]
    public void Fingerprint_IsSha256OfDerInSdpForm()
    {
        DtlsCertificate certificate = DtlsCertificate.Generate("unit");

        string text = certificate.Fingerprint.ToString();

        Assert.StartsWith("sha-256 ", text, StringComparison.Ordinal);
        Assert.Equal(32 * 3 - 1, text.Length - "sha-256 ".Length);
        Assert.True(certificate.Fingerprint.Matches(certificate.Der));
        Assert.NotEqual(certificate.Fingerprint, DtlsCertificate.Generate("other").Fingerprint);
    }
}
