namespace Tandem.WebRtc.PeerConnections;

/// <summary>The SCTP association's settings under the data channels (part of <see cref="RtcEngineSettings"/>).</summary>
public sealed record SctpSettings
{
    /// <summary>Our <c>a=max-message-size</c> (RFC 8841 §6): the largest data channel message we accept.</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Our <c>a=sctp-port</c> (RFC 8841 §5).</summary>
    public ushort Port { get; init; } = 5000;

    /// <summary>Largest SCTP packet; it must fit one DTLS record (see <see cref="Dtls.DtlsOptions.MaxDatagramSize"/>).</summary>
    public int Mtu { get; init; } = new Sctp.SctpAssociationOptions().Mtu;
}
