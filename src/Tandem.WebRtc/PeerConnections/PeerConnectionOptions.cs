using System.Net;
using Microsoft.Extensions.Logging;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Media;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// Configuration of a <see cref="PeerConnection"/>: the parts of W3C RTCConfiguration we support (ICE servers,
/// transport policy, certificate), where candidates are gathered, what the connection negotiates and sends,
/// and the engine's timings and sizes in <see cref="Settings"/> (as Pion's SettingEngine).
/// </summary>
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
    /// W3C <c>iceServers</c>: STUN and TURN servers (<see cref="RtcIceServer"/>); <c>stun:</c> URLs add to
    /// <see cref="StunServers"/>, each <c>turn:</c>/<c>turns:</c> URL gives one relayed candidate. Checked
    /// when the connection is created (<see cref="ArgumentException"/> naming the bad URL).
    /// </summary>
    public IReadOnlyList<RtcIceServer> IceServers { get; init; } = [];

    /// <summary>W3C <c>iceTransportPolicy</c>: <see cref="IceTransportPolicy.Relay"/> uses relayed candidates only.</summary>
    public IceTransportPolicy IceTransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>ICE, DTLS and SCTP timings and sizes, each held once (defaults suit WebRTC over UDP).</summary>
    public RtcEngineSettings Settings { get; init; } = new();

    /// <summary>
    /// Where an exception thrown by a subscriber of one of the connection's (or its ICE agent's) events is
    /// logged, at Error with the event's name. The subscriber is skipped; the others and the connection
    /// carry on. Not logged when null.
    /// </summary>
    public ILogger? Logger { get; init; }

    /// <summary>Our DTLS identity; <see cref="DtlsCertificate.Default"/> when null.</summary>
    public DtlsCertificate? Certificate { get; init; }

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
    /// Test hook (internal): the fraction (0–1) of outgoing video RTP packets dropped on purpose before SRTP,
    /// evenly spread (0.05 drops every 20th packet), to exercise the peer's NACK and PLI (a resent packet is
    /// never dropped).
    /// </summary>
    internal double VideoPacketLossForTesting { get; init; }

    /// <summary>
    /// Test hook (internal; there is no netem here): every outgoing datagram of the ICE agent, STUN or data,
    /// is offered to it and dropped when it returns true.
    /// </summary>
    internal IceDatagramFilter? OutgoingFilter { get; init; }
}
