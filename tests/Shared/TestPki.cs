using System.Net;
using System.Net.Http;
using System.Net.Security;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace Tandem.Testing;

/// <summary>
/// A private CA and the TLS server certificates it issues, made at test time with
/// <see cref="CertificateRequest"/> (nothing committed, no openssl): the server certificate names
/// <c>localhost</c>, 127.0.0.1 and the given test addresses. Written as PEM (chain, key, CA) or PFX
/// files into a temporary folder deleted on dispose. Linked into each test project that needs TLS.
/// </summary>
internal sealed class TestPki : IDisposable
{
    private TestPki(string directory, X509Certificate2 ca, X509Certificate2 server)
    {
        Directory = directory;
        Ca = ca;
        Server = server;
    }

    /// <summary>The folder holding the files.</summary>
    public string Directory { get; }

    /// <summary>The CA certificate (no key).</summary>
    public X509Certificate2 Ca { get; }

    /// <summary>The server certificate, with its key.</summary>
    public X509Certificate2 Server { get; }

    /// <summary>The CA certificate, PEM.</summary>
    public string CaPath => Path.Combine(Directory, "ca.pem");

    /// <summary>The server certificate then the CA's (a full chain, as Let's Encrypt's fullchain.pem), PEM.</summary>
    public string ChainPath => Path.Combine(Directory, "fullchain.pem");

    /// <summary>The server certificate's private key, PKCS#8 PEM.</summary>
    public string KeyPath => Path.Combine(Directory, "privkey.pem");

    /// <summary>
    /// Makes the CA "Tandem test CA <paramref name="name"/>" and a server certificate valid from
    /// <paramref name="notBefore"/> (an hour ago) to <paramref name="notAfter"/> (a day on), for
    /// <paramref name="addresses"/> and, unless <paramref name="loopbackNames"/> is false, localhost and 127.0.0.1.
    /// </summary>
    public static TestPki Create(string name = "", IEnumerable<IPAddress>? addresses = null, DateTimeOffset? notBefore = null, DateTimeOffset? notAfter = null, bool loopbackNames = true)
    {
        var now = DateTimeOffset.UtcNow;
        var from = notBefore ?? now.AddHours(-1);
        var to = notAfter ?? now.AddDays(1);
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var caRequest = new CertificateRequest($"CN=Tandem test CA {name}".TrimEnd(), caKey, HashAlgorithmName.SHA256);
        caRequest.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        caRequest.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        caRequest.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(caRequest.PublicKey, false));
        using var caWithKey = caRequest.CreateSelfSigned(from.AddDays(-1), to.AddDays(1));

        var serverKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(loopbackNames ? "CN=localhost" : "CN=Tandem test server", serverKey, HashAlgorithmName.SHA256);
        var names = new SubjectAlternativeNameBuilder();
        names.AddDnsName(loopbackNames ? "localhost" : "tandem.test");
        if (loopbackNames)
        {
            names.AddIpAddress(IPAddress.Loopback);
        }

        foreach (var address in addresses ?? [])
        {
            names.AddIpAddress(address);
        }

        request.CertificateExtensions.Add(names.Build());
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, false));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid("1.3.6.1.5.5.7.3.1")], false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(caWithKey, true, false));
        using var issued = request.Create(caWithKey, from, to, RandomNumberGenerator.GetBytes(8));
        var server = issued.CopyWithPrivateKey(serverKey);

        var directory = System.IO.Directory.CreateTempSubdirectory("tandem-pki-").FullName;
        var ca = X509CertificateLoader.LoadCertificate(caWithKey.RawData);
        var pki = new TestPki(directory, ca, server);
        File.WriteAllText(pki.CaPath, ca.ExportCertificatePem() + "\n");
        File.WriteAllText(pki.ChainPath, server.ExportCertificatePem() + "\n" + ca.ExportCertificatePem() + "\n");
        File.WriteAllText(pki.KeyPath, serverKey.ExportPkcs8PrivateKeyPem());
        return pki;
    }

    /// <summary>Writes the server certificate and its key as a PFX file protected by <paramref name="password"/>, or without the key.</summary>
    public string WritePfx(string fileName, string? password, bool withKey = true)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllBytes(path, withKey
            ? Server.Export(X509ContentType.Pkcs12, password)
            : X509CertificateLoader.LoadCertificate(Server.RawData).Export(X509ContentType.Pkcs12, password));
        return path;
    }

    /// <summary>Writes the server's key encrypted with <paramref name="password"/> (PKCS#8 PEM).</summary>
    public string WriteEncryptedKey(string fileName, string password)
    {
        var path = Path.Combine(Directory, fileName);
        var key = Server.GetECDsaPrivateKey()!;
        File.WriteAllText(path, key.ExportEncryptedPkcs8PrivateKeyPem(password.AsSpan(),
            new PbeParameters(PbeEncryptionAlgorithm.Aes256Cbc, HashAlgorithmName.SHA256, 10_000)));
        return path;
    }

    /// <summary>Writes <paramref name="text"/> to a file of the folder.</summary>
    public string WriteFile(string fileName, string text)
    {
        var path = Path.Combine(Directory, fileName);
        File.WriteAllText(path, text);
        return path;
    }

    /// <summary>
    /// A certificate check that trusts this CA alone (custom root trust, host name checked): for
    /// <see cref="SslClientAuthenticationOptions.RemoteCertificateValidationCallback"/> and the like.
    /// </summary>
    public bool Validate(object? sender, X509Certificate? certificate, X509Chain? chain, SslPolicyErrors errors)
    {
        if (certificate is null || (errors & (SslPolicyErrors.RemoteCertificateNameMismatch | SslPolicyErrors.RemoteCertificateNotAvailable)) != 0)
        {
            return false;
        }

        using var custom = new X509Chain();
        custom.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        custom.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        custom.ChainPolicy.CustomTrustStore.Add(Ca);
        using var leaf = X509CertificateLoader.LoadCertificate(certificate.GetRawCertData());
        return custom.Build(leaf);
    }

    /// <summary>An HTTP client that trusts this CA alone.</summary>
    public HttpClient HttpClient() => new(new SocketsHttpHandler
    {
        SslOptions = new SslClientAuthenticationOptions { RemoteCertificateValidationCallback = Validate },
    })
    { Timeout = TimeSpan.FromSeconds(10) };

    /// <summary>Base64 of the SHA-256 of the server certificate's SubjectPublicKeyInfo (Chromium's --ignore-certificate-errors-spki-list).</summary>
    public string ServerSpkiHash() => Convert.ToBase64String(SHA256.HashData(Server.PublicKey.ExportSubjectPublicKeyInfo()));

    public void Dispose()
    {
        Ca.Dispose();
        Server.Dispose();
        System.IO.Directory.Delete(Directory, recursive: true);
    }
}
