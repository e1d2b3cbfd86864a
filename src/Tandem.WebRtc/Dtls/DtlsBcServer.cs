using Org.BouncyCastle.Tls;

namespace Tandem.WebRtc.Dtls;

/// <summary>Our DTLS 1.2 server, configured for WebRTC on top of BouncyCastle's default server.</summary>
internal sealed class DtlsBcServer(DtlsHandshakeContext handshake) : DefaultTlsServer(handshake.Crypto)
{
    private int[]? _offeredSrtpProfiles;

    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => (int)handshake.Options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)handshake.Options.InitialRetransmitTimeout.TotalMilliseconds;

    /// <summary>RFC 7627 §5.2: insist on the extended master secret.</summary>
    public override bool RequiresExtendedMasterSecret() => true;

    public override int[] GetSupportedGroups() => DtlsHandshakeContext.NamedGroups;

    /// <summary>
    /// RFC 8827 §6.5: WebRTC is mutually authenticated, so always ask for the client's certificate;
    /// list ecdsa_sign first (what browsers use) and accept rsa_sign too.
    /// </summary>
    public override CertificateRequest GetCertificateRequest()
    {
        short[] types = [ClientCertificateType.ecdsa_sign, ClientCertificateType.rsa_sign];
        var algorithms = new List<SignatureAndHashAlgorithm>
        {
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha384, SignatureAlgorithm.ecdsa),
            SignatureAndHashAlgorithm.rsa_pss_rsae_sha256,
            SignatureAndHashAlgorithm.GetInstance(HashAlgorithm.sha256, SignatureAlgorithm.rsa),
        };
        return new CertificateRequest(types, algorithms, null);
    }

    public override void NotifyClientCertificate(Certificate clientCertificate) =>
        handshake.VerifyRemoteCertificate(clientCertificate);

    public override void ProcessClientExtensions(IDictionary<int, byte[]> clientExtensions)
    {
        base.ProcessClientExtensions(clientExtensions);
        _offeredSrtpProfiles = TlsSrtpUtilities.GetUseSrtpExtension(clientExtensions)?.ProtectionProfiles;
    }

    public override IDictionary<int, byte[]> GetServerExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetServerExtensions();
        if (_offeredSrtpProfiles is not null
            && DtlsHandshakeContext.SelectSrtpProfile(_offeredSrtpProfiles) is { } profile)
        {
            // RFC 5764 §4.1.1: the server answers with exactly one profile and an empty MKI.
            handshake.SrtpProfile = profile;
            TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData([(int)profile], []));
        }

        return extensions;
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        handshake.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        handshake.AlertReceived?.Invoke(alertLevel, alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsHandshakeContext.ServerCipherSuites;

    protected override TlsCredentialedSigner GetECDsaSignerCredentials() => handshake.CreateSigner(m_context);
}
