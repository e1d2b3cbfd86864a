using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// A snapshot of a <see cref="PeerConnection"/>: the wall-clock time of each setup step and the
/// per-layer statistics (W3C RTCStatsReport, in typed form).
/// </summary>
public sealed record PeerConnectionStats
{
    /// <summary>When the connection object was created.</summary>
    public DateTimeOffset CreatedAt { get; init; }

    /// <summary>When ICE gathering completed (end-of-candidates).</summary>
    public DateTimeOffset? GatheringCompletedAt { get; init; }

    /// <summary>When ICE first reached connected.</summary>
    public DateTimeOffset? IceConnectedAt { get; init; }

    /// <summary>When the DTLS handshake completed.</summary>
    public DateTimeOffset? DtlsConnectedAt { get; init; }

    /// <summary>When the SCTP association was established.</summary>
    public DateTimeOffset? SctpEstablishedAt { get; init; }

    /// <summary>When the first data channel opened.</summary>
    public DateTimeOffset? FirstDataChannelOpenAt { get; init; }

    /// <summary>When SRTP was keyed and the media session started.</summary>
    public DateTimeOffset? MediaStartedAt { get; init; }

    /// <summary>When the first RTP packet (audio or video) was sent.</summary>
    public DateTimeOffset? FirstRtpSentAt { get; init; }

    /// <summary>When the first H.264 keyframe was received.</summary>
    public DateTimeOffset? FirstKeyframeReceivedAt { get; init; }

    /// <summary>Current combined state.</summary>
    public RtcPeerConnectionState ConnectionState { get; init; }

    /// <summary>Why the connection failed, when it did.</summary>
    public string? FailureReason { get; init; }

    /// <summary>The ICE agent's counters, once it exists.</summary>
    public IceAgentStats? Ice { get; init; }

    /// <summary>The DTLS transport's counters, once it exists.</summary>
    public DtlsTransportStats? Dtls { get; init; }

    /// <summary>The SCTP association's counters, once it exists.</summary>
    public SctpAssociationStatistics? Sctp { get; init; }

    /// <summary>Data channels opened so far (both directions).</summary>
    public int DataChannelsOpened { get; init; }

    /// <summary>Audio and video counters, once media started (null for a data-only connection).</summary>
    public PeerConnectionMediaStats? Media { get; init; }
}
