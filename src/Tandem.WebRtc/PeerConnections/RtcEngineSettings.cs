using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// The engine's knobs of a <see cref="PeerConnection"/>, apart from its W3C configuration: ICE, DTLS and
/// SCTP timings and sizes. Every setting lives here once; the defaults suit WebRTC over UDP.
/// </summary>
public sealed record RtcEngineSettings
{
    /// <summary>ICE pacing, retransmission, nomination, consent and socket settings.</summary>
    public IceSettings Ice { get; init; } = new();

    /// <summary>DTLS handshake timeouts and record sizes.</summary>
    public DtlsOptions Dtls { get; init; } = new();

    /// <summary>SCTP port, packet size and largest data channel message.</summary>
    public SctpSettings Sctp { get; init; } = new();
}
