using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.EndToEnd.Tests.Nat;

/// <summary>
/// Makes, at test time, a private CA and a TLS server certificate it issues for an IP address (coturn's
/// <c>turns:</c> listener), plus an unrelated CA for the refused-certificate case. PEM files, no secrets kept.
/// </summary>
internal static class TestCertificates
{
    public static void Write(string directory, string ipAddress)
    {
        var now = DateTimeOffset.UtcNow;
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest("CN=Tandem test CA", caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var ca = caRequest.CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));

        using var leafKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var leafRequest = new CertificateRequest($"CN={ipAddress}", leafKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddIpAddress(IPAddress.Parse(ipAddress));
        leafRequest.CertificateExtensions.Add(names.Build());
        leafRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        leafRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leafRequest.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        leafRequest.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(ca, true, false));
        using var leaf = leafRequest.Create(ca, now.AddMinutes(-5), now.AddDays(1), RandomNumberGenerator.GetBytes(8));

        File.WriteAllText(Path.Combine(directory, "ca.pem"), ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "turn.pem"), leaf.ExportCertificatePem() + "\n" + ca.ExportCertificatePem());
        File.WriteAllText(Path.Combine(directory, "turn-key.pem"), leafKey.ExportPkcs8PrivateKeyPem());

        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var other = new CertificateRequest("CN=Some other CA", otherKey, HashAlgorithmName.SHA256).CreateSelfSigned(now.AddMinutes(-5), now.AddDays(1));
        File.WriteAllText(Path.Combine(directory, "other-ca.pem"), other.ExportCertificatePem());
    }
}
