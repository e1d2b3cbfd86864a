using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// What our BouncyCastle client and server peers share: the WebRTC profile of DTLS 1.2 (suites,
/// groups, SRTP profiles), our credentials, the fingerprint check and the handshake results.
/// BouncyCastle calls into it on the handshake (later: receive) thread; results are read by
/// <see cref="DtlsTransport"/> only after the handshake task has completed, which orders the accesses.
/// </summary>
internal sealed class DtlsHandshakeContext(DtlsCertificate certificate, IReadOnlyList<DtlsFingerprint> expectedRemote, DtlsRole role, DtlsOptions options)
{
    /// <summary>
    /// RFC 8827 §6.5 / RFC 8261: WebRTC uses DTLS 1.2 with ECDHE and AES-GCM. Only AES-GCM suites are
    /// offered: <see cref="DtlsRecordProtection"/> protects their application data.
    /// </summary>
    public static readonly int[] ClientCipherSuites =
    [
        CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256,
        CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256,
    ];

    /// <summary>Our certificate is ECDSA, so as server only the ECDSA suite can be selected.</summary>
    public static readonly int[] ServerCipherSuites = [CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256];

    public static readonly int[] NamedGroups = [NamedGroup.x25519, NamedGroup.secp256r1];

    /// <summary>RFC 5764 §4.1.1 use_srtp, in our order of preference.</summary>
    public static readonly int[] SrtpProfiles =
    [
        (int)DtlsSrtpProtectionProfile.AeadAes128Gcm,
        (int)DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80,
    ];

    public BcTlsCrypto Crypto { get; } = new();

    public DtlsCertificate Certificate { get; } = certificate;

    public DtlsRole Role { get; } = role;

    public DtlsOptions Options { get; } = options;

    public IReadOnlyList<DtlsFingerprint> ExpectedRemoteFingerprints { get; } = expectedRemote;

    public DtlsFingerprint? RemoteFingerprint { get; private set; }

    public DtlsSrtpProtectionProfile? SrtpProfile { get; set; }

    public DtlsSrtpKeys? SrtpKeys { get; private set; }

    /// <summary>Epoch-1 traffic keys, once the handshake completed with an AES-GCM suite.</summary>
    public DtlsRecordKeys? RecordKeys { get; private set; }

    /// <summary>The negotiated cipher suite's IANA name, once the handshake completed.</summary>
    public string? CipherSuiteName { get; private set; }

    /// <summary>Why the handshake failed, when we know better than the alert code.</summary>
    public string? FailureReason { get; private set; }

    /// <summary>Raised for every alert the peer sends (level, description).</summary>
    public Action<short, short>? AlertReceived { get; set; }

    public TlsCredentialedSigner CreateSigner(TlsContext context)
    {
        var bcCertificate = new Certificate([Crypto.CreateCertificate(Certificate.Der.ToArray())]);
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(context),
            Crypto,
            Certificate.PrivateKey,
            bcCertificate,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa));
    }

    /// <summary>RFC 8122 §5 / RFC 8827 §6.5: the peer's certificate must hash to one of the SDP fingerprints.</summary>
    public void VerifyRemoteCertificate(Certificate? remote)
    {
        if (remote is null || remote.IsEmpty)
        {
            FailureReason = "The peer sent no certificate.";
            throw new TlsFatalAlert(AlertDescription.handshake_failure, FailureReason);
        }

        byte[] der = remote.GetCertificateAt(0).GetEncoded();
        DtlsFingerprint? matched = ExpectedRemoteFingerprints.FirstOrDefault(f => f.Matches(der));
        RemoteFingerprint = DtlsFingerprint.Compute(der, (matched ?? ExpectedRemoteFingerprints[0]).Algorithm);
        if (matched is null)
        {
            FailureReason = $"Remote certificate fingerprint {RemoteFingerprint} does not match the SDP fingerprint(s) {string.Join(", ", ExpectedRemoteFingerprints)}.";
            throw new TlsFatalAlert(AlertDescription.bad_certificate, FailureReason);
        }
    }

    /// <summary>Picks our most preferred profile among those the client offered (RFC 5764 §4.1.1).</summary>
    public static DtlsSrtpProtectionProfile? SelectSrtpProfile(int[] offered)
    {
        foreach (int profile in SrtpProfiles)
        {
            if (Array.IndexOf(offered, profile) >= 0)
            {
                return (DtlsSrtpProtectionProfile)profile;
            }
        }

        return null;
    }

    /// <summary>
    /// On handshake completion: note the suite, export the SRTP keying material (RFC 5764 §4.2), then
    /// derive the epoch-1 record keys (RFC 5246 §6.3) while the master secret is alive.
    /// </summary>
    public void OnHandshakeComplete(TlsContext context)
    {
        CipherSuiteName = context.SecurityParameters.CipherSuite switch
        {
            CipherSuite.TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256 => "TLS_ECDHE_ECDSA_WITH_AES_128_GCM_SHA256",
            CipherSuite.TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256 => "TLS_ECDHE_RSA_WITH_AES_128_GCM_SHA256",
            int other => $"0x{other:X4}",
        };

        if (SrtpProfile is { } profile)
        {
            byte[] material = context.ExportKeyingMaterial(ExporterLabel.dtls_srtp, null, profile.KeyingMaterialLength());
            SrtpKeys = new DtlsSrtpKeys(profile, material, Role);
        }

        RecordKeys = DtlsRecordKeys.Derive(context);
    }
}
