using System.Net;
using Tandem.WebRtc.Dtls;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>Configuration of a <see cref="PeerConnection"/> (the parts of W3C RTCConfiguration we support, plus transport knobs).</summary>
public sealed record PeerConnectionOptions
{
    /// <summary>Gather host candidates only on these addresses; every non-loopback interface when null.</summary>
    public IReadOnlyList<IPAddress>? LocalAddresses { get; init; }

    /// <summary>Also gather on loopback when <see cref="LocalAddresses"/> is null.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>Gather IPv6 host candidates when <see cref="LocalAddresses"/> is null.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>STUN servers for server-reflexive candidates.</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>Our DTLS identity; <see cref="DtlsCertificate.Default"/> when null.</summary>
    public DtlsCertificate? Certificate { get; init; }

    /// <summary>DTLS timeouts and sizes; defaults when null.</summary>
    public DtlsOptions? DtlsOptions { get; init; }

    /// <summary>Our <c>a=max-message-size</c> (RFC 8841 §6): the largest data channel message we accept.</summary>
    public int MaxMessageSize { get; init; } = 256 * 1024;

    /// <summary>Our <c>a=sctp-port</c> (RFC 8841 §5).</summary>
    public ushort SctpPort { get; init; } = 5000;

    /// <summary>Largest SCTP packet; it must fit one DTLS record (see <see cref="Sctp.SctpAssociationOptions.Mtu"/>).</summary>
    public int SctpMtu { get; init; } = new Sctp.SctpAssociationOptions().Mtu;

    /// <summary>Clock for timestamps of the setup steps (and for the ICE agent's timers).</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
