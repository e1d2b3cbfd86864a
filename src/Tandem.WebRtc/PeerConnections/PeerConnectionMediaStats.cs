using Tandem.WebRtc.Media;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>The media part of <see cref="PeerConnectionStats"/> (W3C outbound-rtp / inbound-rtp / remote-inbound-rtp, in typed form).</summary>
public sealed record PeerConnectionMediaStats
{
    /// <summary>Our H.264 stream, when we send video.</summary>
    public RtpOutboundStats? VideoSent { get; init; }

    /// <summary>Our Opus stream, when we send audio.</summary>
    public RtpOutboundStats? AudioSent { get; init; }

    /// <summary>The peer's H.264 stream, when we receive video.</summary>
    public RtpInboundStats? VideoReceived { get; init; }

    /// <summary>The peer's Opus stream, when we receive audio.</summary>
    public RtpInboundStats? AudioReceived { get; init; }

    /// <summary>Received datagrams SRTP/SRTCP rejected (bad tag, replay) or that were not RTP/RTCP.</summary>
    public long DroppedDatagrams { get; init; }

    /// <summary>Received RTP packets of a payload type no receiver takes.</summary>
    public long UnroutedPackets { get; init; }

    /// <summary>The bandwidth estimate of the connection (draft-ietf-rmcat-gcc-02).</summary>
    public RtcBandwidthStats? Bandwidth { get; init; }

    internal static PeerConnectionMediaStats From(
        RtpMediaSession session, H264RtpSender? videoSender, long videoFramesSent, OpusRtpSender? audioSender, long audioPacketsSent,
        H264RtpReceiver? videoReceiver, OpusRtpReceiver? audioReceiver, long audioPacketsReceived) => new()
    {
        VideoSent = videoSender is null ? null : RtpOutboundStats.From(videoSender.Stream, videoFramesSent, H264RtpSender.ClockRate),
        AudioSent = audioSender is null ? null : RtpOutboundStats.From(audioSender.Stream, audioPacketsSent, Payloads.Opus.OpusRtp.ClockRate),
        VideoReceived = videoReceiver is null ? null
            : RtpInboundStats.From(videoReceiver.Stream, videoReceiver.FramesReceived, videoReceiver.FramesDamaged),
        AudioReceived = audioReceiver is null ? null : RtpInboundStats.From(audioReceiver.Stream, audioPacketsReceived, 0),
        DroppedDatagrams = session.DroppedDatagrams,
        UnroutedPackets = session.UnroutedPackets,
        Bandwidth = RtcBandwidthStats.From(session, videoSender?.Stream.Statistics.RoundTripTime ?? audioSender?.Stream.Statistics.RoundTripTime),
    };
}

/// <summary>One stream we send, and what the peer's reception reports say about it.</summary>
/// <param name="Ssrc">Our SSRC.</param>
/// <param name="PayloadType">The negotiated payload type.</param>
/// <param name="PacketsSent">RTP packets sent (W3C <c>packetsSent</c>; resends not counted).</param>
/// <param name="BytesSent">Payload bytes sent (W3C <c>bytesSent</c>).</param>
/// <param name="FramesSent">Access units (video) or Opus packets (audio) accepted by the send method.</param>
/// <param name="PacketsResent">Packets resent in answer to NACKs (W3C <c>retransmittedPacketsSent</c>).</param>
/// <param name="KeyframeRequestsReceived">PLIs and FIRs received (W3C <c>pliCount</c> + <c>firCount</c>).</param>
/// <param name="RemotePacketsLost">Cumulative loss the peer reported (RFC 3550 §6.4.1), or null before its first report.</param>
/// <param name="RemoteJitter">Interarrival jitter the peer reported, or null.</param>
/// <param name="RoundTripTime">RTT from the peer's last report (RFC 3550 §6.4.1 LSR/DLSR), or null.</param>
/// <param name="NacksReceived">Generic NACK packets received (W3C <c>nackCount</c>, RFC 4585 §6.2.1).</param>
/// <param name="ResendsUnavailable">Packets NACKed after they left the send history (too old or overwritten).</param>
/// <param name="RtxSsrc">SSRC of the RFC 4588 retransmission stream, or 0 when resends go on <paramref name="Ssrc"/>.</param>
public sealed record RtpOutboundStats(
    uint Ssrc,
    byte PayloadType,
    long PacketsSent,
    long BytesSent,
    long FramesSent,
    long PacketsResent,
    int KeyframeRequestsReceived,
    long? RemotePacketsLost,
    TimeSpan? RemoteJitter,
    TimeSpan? RoundTripTime,
    long NacksReceived = 0,
    long ResendsUnavailable = 0,
    uint RtxSsrc = 0)
{
    internal static RtpOutboundStats From(RtpStreamSender stream, long framesSent, int clockRate)
    {
        var report = stream.Statistics.LastReport;
        return new RtpOutboundStats(
            stream.Ssrc,
            stream.PayloadType,
            stream.Statistics.PacketsSent,
            stream.Statistics.OctetsSent,
            framesSent,
            stream.PacketsResent,
            stream.KeyframeRequestsReceived,
            report?.CumulativeLost,
            report is { } block ? TimeSpan.FromSeconds((double)block.Jitter / clockRate) : null,
            stream.Statistics.RoundTripTime,
            stream.NacksReceived,
            stream.ResendsUnavailable,
            stream.RtxSsrc);
    }
}

/// <summary>One stream we receive.</summary>
/// <param name="Ssrc">The peer's SSRC (0 before the first packet).</param>
/// <param name="PayloadType">The negotiated payload type.</param>
/// <param name="PacketsReceived">RTP packets received (W3C <c>packetsReceived</c>, duplicates included).</param>
/// <param name="BytesReceived">Payload bytes received.</param>
/// <param name="PacketsLost">Expected minus received (RFC 3550 §6.4.1 cumulative lost; W3C <c>packetsLost</c>).</param>
/// <param name="Jitter">Interarrival jitter (W3C <c>jitter</c>).</param>
/// <param name="FramesReceived">Access units (video) or Opus packets (audio) delivered.</param>
/// <param name="FramesDamaged">Access units delivered damaged (video).</param>
/// <param name="NacksSent">Generic NACK packets sent (W3C <c>nackCount</c>).</param>
/// <param name="PlisSent">PLIs sent (W3C <c>pliCount</c>).</param>
/// <param name="PacketsSkipped">Packets given up on after the reorder delay.</param>
/// <param name="RetransmittedPacketsReceived">Packets restored from the peer's RTX stream (W3C <c>retransmittedPacketsReceived</c>).</param>
public sealed record RtpInboundStats(
    uint Ssrc,
    byte PayloadType,
    long PacketsReceived,
    long BytesReceived,
    long PacketsLost,
    TimeSpan Jitter,
    long FramesReceived,
    long FramesDamaged,
    long NacksSent,
    long PlisSent,
    long PacketsSkipped,
    long RetransmittedPacketsReceived = 0)
{
    internal static RtpInboundStats From(RtpStreamReceiver stream, long frames, long damaged)
    {
        var statistics = stream.Statistics;
        return new RtpInboundStats(
            stream.RemoteSsrc,
            stream.PayloadType,
            statistics?.PacketsReceived ?? 0,
            statistics?.BytesReceived ?? 0,
            statistics?.CumulativeLost ?? 0,
            TimeSpan.FromSeconds(statistics?.JitterSeconds ?? 0),
            frames,
            damaged,
            stream.NacksSent,
            stream.PictureLossIndicationsSent,
            stream.PacketsSkipped,
            stream.RetransmittedPacketsReceived);
    }
}

/// <summary>The connection's bandwidth estimate and what it is based on.</summary>
/// <param name="TargetBitrate">The connection's target (bits per second): the lower of the delay- and loss-based estimates.</param>
/// <param name="SentBitrate">What our streams sent over the last 500 ms, or null (no transport-wide numbers sent).</param>
/// <param name="DeliveredBitrate">What the peer reported receiving over the last 500 ms of its clock, or null before feedback.</param>
/// <param name="LossFraction">Fraction of packets the feedback reported lost over the last seconds, newer ones weighing more and outages left out (0–1).</param>
/// <param name="QueueDelay">The standing queue on the path as the last feedbacks showed it: their one-way delays above the smallest of the last 30 s.</param>
/// <param name="Usage">The delay-based detector's conclusion.</param>
/// <param name="RoundTripTime">RTT from the peer's reception reports, or null.</param>
/// <param name="TransportFeedbacksReceived">Transport-wide feedback packets received.</param>
/// <param name="TransportFeedbacksSent">Transport-wide feedback packets sent.</param>
public sealed record RtcBandwidthStats(
    long TargetBitrate,
    long? SentBitrate,
    long? DeliveredBitrate,
    double LossFraction,
    TimeSpan QueueDelay,
    Congestion.BandwidthUsage Usage,
    TimeSpan? RoundTripTime,
    long TransportFeedbacksReceived,
    long TransportFeedbacksSent)
{
    internal static RtcBandwidthStats From(RtpMediaSession session, TimeSpan? rtt)
    {
        var estimator = session.BandwidthEstimator;
        return new RtcBandwidthStats(
            estimator.TargetBitrate,
            session.SentBitrate,
            estimator.AckedBitrate,
            estimator.LossFraction,
            TimeSpan.FromMilliseconds(estimator.QueueDelayMs),
            estimator.Usage,
            rtt,
            session.TransportFeedbacksReceived,
            session.TransportFeedbacksSent);
    }
}
