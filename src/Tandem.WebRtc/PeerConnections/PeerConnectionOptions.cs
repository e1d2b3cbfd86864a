using System.Net;
using Microsoft.Extensions.Logging;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Media;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>Configuration of a <see cref="PeerConnection"/> (the parts of W3C RTCConfiguration we support, plus transport knobs).</summary>
public sealed record PeerConnectionOptions
{
    /// <summary>Gather host candidates only on these addresses; every non-loopback interface when null (loopback when there is none).</summary>
    public IReadOnlyList<IPAddress>? LocalAddresses { get; init; }

    /// <summary>Also gather on loopback when <see cref="LocalAddresses"/> is null.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>Gather IPv6 host candidates when <see cref="LocalAddresses"/> is null.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>STUN servers for server-reflexive candidates.</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>
    /// ICE timings and sockets: pacing (Ta), check retransmission, nomination delay, consent, socket
    /// buffer sizes (see <see cref="IceAgentOptions"/> for each default and the rule it follows). The
    /// connection sets the role, credentials, addresses, STUN servers, clock and logger itself from
    /// its own options; what this template says about them is ignored.
    /// </summary>
    public IceAgentOptions Ice { get; init; } = new();

    /// <summary>
    /// Where an exception thrown by a subscriber of one of the connection's (or its ICE agent's) events is
    /// logged, at Error with the event's name. The subscriber is skipped; the others and the connection
    /// carry on. Not logged when null.
    /// </summary>
    public ILogger? Logger { get; init; }

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

    /// <summary>Which parts are negotiated; data channel only by default.</summary>
    public RtcFeatures Features { get; init; } = RtcFeatures.DataOnly;

    /// <summary>Which end we are: the device sends video, the app receives it.</summary>
    public RtcEndpoint Endpoint { get; init; } = RtcEndpoint.App;

    /// <summary>The RTCP CNAME of our audio and video (one per endpoint, RFC 3550 §6.5.1, so they lip-sync); random when null.</summary>
    public string? Cname { get; init; }

    /// <summary>Our H.264 <c>profile-level-id</c> (RFC 6184 §8.1, six hex digits); a device takes it from its encoder's SPS.</summary>
    public string VideoProfileLevelId { get; init; } = "42e01f";

    /// <summary>Samples the video capture clock for SRs (NTP and RTP time of one instant); extrapolated from the last packet when null.</summary>
    public RtpSenderReportClock? VideoReportClock { get; init; }

    /// <summary>Samples the audio capture clock for SRs; extrapolated from the last packet when null.</summary>
    public RtpSenderReportClock? AudioReportClock { get; init; }

    /// <summary>
    /// Test hook: the fraction (0–1) of outgoing video RTP packets dropped on purpose before SRTP, evenly
    /// spread (0.05 drops every 20th packet), to exercise the peer's NACK and PLI (a resent packet is
    /// never dropped). 0 in production.
    /// </summary>
    public double VideoPacketLossForTesting { get; init; }
}
