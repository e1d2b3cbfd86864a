using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Security;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// The local DTLS identity: a self-signed ECDSA P-256 X.509 certificate (RFC 8827 §6.5: WebRTC
/// endpoints authenticate with self-signed certificates whose fingerprint travels in SDP).
/// One per process (<see cref="Default"/>); tests may create their own.
/// </summary>
public sealed class DtlsCertificate
{
    private static readonly Lazy<DtlsCertificate> Shared = new(() => Generate(), LazyThreadSafetyMode.ExecutionAndPublication);

    private readonly byte[] _der;

    private DtlsCertificate(byte[] der, AsymmetricKeyParameter privateKey)
    {
        _der = der;
        PrivateKey = privateKey;
        Fingerprint = DtlsFingerprint.Compute(der);
    }

    /// <summary>The process-wide certificate, generated on first use.</summary>
    public static DtlsCertificate Default => Shared.Value;

    /// <summary>The DER encoding of the certificate.</summary>
    public ReadOnlySpan<byte> Der => _der;

    /// <summary>The certificate's <c>sha-256</c> fingerprint, for <c>a=fingerprint</c>.</summary>
    public DtlsFingerprint Fingerprint { get; }

    internal AsymmetricKeyParameter PrivateKey { get; }

    /// <summary>Generates a fresh certificate (valid from a day ago for 30 days, to tolerate clock skew).</summary>
    public static DtlsCertificate Generate(string commonName = "Tandem WebRTC")
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var request = new CertificateRequest(new X500DistinguishedName("CN=" + commonName), key, HashAlgorithmName.SHA256);
        DateTimeOffset now = DateTimeOffset.UtcNow;
        using X509Certificate2 certificate = request.CreateSelfSigned(now.AddDays(-1), now.AddDays(30));
        AsymmetricKeyParameter privateKey = PrivateKeyFactory.CreateKey(key.ExportPkcs8PrivateKey());
        return new DtlsCertificate(certificate.RawData, privateKey);
    }
}
