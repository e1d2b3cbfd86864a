namespace Tandem.WebRtc.Media;

/// <summary>Configuration of one outgoing RTP stream.</summary>
internal sealed record RtpSenderOptions
{
    /// <summary>The stream's SSRC (RFC 3550 §8: chosen at random, announced in the SDP).</summary>
    public required uint Ssrc { get; init; }

    /// <summary>Payload type as negotiated in the SDP (never a hard-coded value).</summary>
    public required byte PayloadType { get; init; }

    /// <summary>RTP clock rate: 90000 for video, 48000 for Opus (RFC 7587 §4.1).</summary>
    public required int ClockRate { get; init; }

    /// <summary>The m-line's MID; sent in the MID header extension when <see cref="MidExtensionId"/> is set.</summary>
    public string? Mid { get; init; }

    /// <summary>Negotiated one-byte extmap id (1–14) of <c>urn:ietf:params:rtp-hdrext:sdes:mid</c>; 0 = not sent.</summary>
    public int MidExtensionId { get; init; }

    /// <summary>
    /// Packets kept to answer NACKs (RFC 4585 §6.2.1); 0 keeps none (audio). The default holds about
    /// 2 s of video at 8 Mbit/s; what bounds a resend is <see cref="HistoryMaxAge"/>.
    /// </summary>
    public int HistoryCapacity { get; init; } = 2048;

    /// <summary>
    /// Packets older than this are not resent (the receiver has given up on them); on a path whose
    /// RTT is longer the history keeps packets for three RTTs instead.
    /// </summary>
    public TimeSpan HistoryMaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// SSRC of the RFC 4588 retransmission stream (announced with <c>a=ssrc-group:FID</c>); 0 = resends
    /// go on the media stream itself (RFC 4585 §3.1).
    /// </summary>
    public uint RtxSsrc { get; init; }

    /// <summary>Payload type of <c>rtx/90000</c> whose <c>apt</c> is <see cref="PayloadType"/>; used when <see cref="RtxSsrc"/> is set.</summary>
    public byte RtxPayloadType { get; init; }

    /// <summary>Shortest time between two resends of one packet (the RTT instead once it is known and longer), counted from when the first left the pacer.</summary>
    public TimeSpan MinResendInterval { get; init; } = TimeSpan.FromMilliseconds(10);

    /// <summary>Shortest time between two <c>KeyframeRequested</c> events (a burst of PLIs costs one keyframe).</summary>
    public TimeSpan MinKeyframeInterval { get; init; } = TimeSpan.FromMilliseconds(300);

    /// <summary>
    /// Samples the capture clock for SRs. When null, the SR's RTP time is extrapolated from the last
    /// sent packet's timestamp and send time, which is right only if packets leave at capture time.
    /// </summary>
    public RtpSenderReportClock? ReportClock { get; init; }

    /// <summary>
    /// Test hook: the fraction (0–1) of new packets not put on the wire, evenly spread (with 0.05, every
    /// 20th packet); they stay in the history, so a NACK brings them back. 0 in production.
    /// </summary>
    public double DropFractionForTesting { get; init; }
}
