using Org.BouncyCastle.Tls;

namespace Tandem.WebRtc.Dtls;

/// <summary>Our DTLS 1.2 client, configured for WebRTC on top of BouncyCastle's default client.</summary>
internal sealed class DtlsBcClient(DtlsHandshakeContext handshake) : DefaultTlsClient(handshake.Crypto)
{
    public override bool IgnoreCorruptDtlsRecords => true;

    public override int GetHandshakeTimeoutMillis() => (int)handshake.Options.HandshakeTimeout.TotalMilliseconds;

    public override int GetHandshakeResendTimeMillis() => (int)handshake.Options.InitialRetransmitTimeout.TotalMilliseconds;

    /// <summary>RFC 7627 §5.2: insist on the extended master secret.</summary>
    public override bool RequiresExtendedMasterSecret() => true;

    public override TlsAuthentication GetAuthentication() => new Authentication(handshake, m_context);

    public override IDictionary<int, byte[]> GetClientExtensions()
    {
        IDictionary<int, byte[]> extensions = base.GetClientExtensions() ?? new Dictionary<int, byte[]>();

        // RFC 5764 §4.1.1: offer our SRTP profiles with an empty MKI.
        TlsSrtpUtilities.AddUseSrtpExtension(extensions, new UseSrtpData(DtlsHandshakeContext.SrtpProfiles, []));

        // RFC 5746 §3.4: an initial handshake sends renegotiation_info with an empty renegotiated_connection.
        extensions[ExtensionType.renegotiation_info] = [0];
        return extensions;
    }

    public override void ProcessServerExtensions(IDictionary<int, byte[]> serverExtensions)
    {
        base.ProcessServerExtensions(serverExtensions);
        UseSrtpData? selected = TlsSrtpUtilities.GetUseSrtpExtension(serverExtensions);
        if (selected is null)
        {
            return;
        }

        // RFC 5764 §4.1.1: exactly one profile, and one that we offered.
        if (selected.ProtectionProfiles.Length != 1
            || Array.IndexOf(DtlsHandshakeContext.SrtpProfiles, selected.ProtectionProfiles[0]) < 0)
        {
            throw new TlsFatalAlert(AlertDescription.illegal_parameter, "Server selected an SRTP profile we did not offer.");
        }

        handshake.SrtpProfile = (DtlsSrtpProtectionProfile)selected.ProtectionProfiles[0];
    }

    public override void NotifyHandshakeComplete()
    {
        base.NotifyHandshakeComplete();
        handshake.OnHandshakeComplete(m_context);
    }

    public override void NotifyAlertReceived(short alertLevel, short alertDescription) =>
        handshake.AlertReceived?.Invoke(alertLevel, alertDescription);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.DTLSv12.Only();

    protected override int[] GetSupportedCipherSuites() => DtlsHandshakeContext.ClientCipherSuites;

    protected override IList<int> GetSupportedGroups(IList<int> namedGroupRoles) => DtlsHandshakeContext.NamedGroups;

    private sealed class Authentication(DtlsHandshakeContext handshake, TlsClientContext context) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate) =>
            handshake.VerifyRemoteCertificate(serverCertificate.Certificate);

        public TlsCredentials? GetClientCredentials(CertificateRequest certificateRequest) =>
            Array.IndexOf(certificateRequest.CertificateTypes, ClientCertificateType.ecdsa_sign) >= 0
                ? handshake.CreateSigner(context)
                : null;
    }
}
