namespace Tandem.WebRtc.Media;

/// <summary>Configuration of an <see cref="RtpMediaSession"/>.</summary>
internal sealed record RtpMediaSessionOptions
{
    /// <summary>SSRC used as the sender of RRs and feedback when no stream is sent; 0 picks one at random.</summary>
    public uint Ssrc { get; init; }

    /// <summary>The RTCP CNAME (RFC 3550 §6.5.1): one per endpoint, shared by its audio and video so they lip-sync.</summary>
    public string Cname { get; init; } = "tandem";

    /// <summary>Average interval of SR/RR reports after the early ones (RFC 3550 §6.3).</summary>
    public TimeSpan ReportInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>How often receivers are checked for NACKs to send and gaps to give up on.</summary>
    public TimeSpan FeedbackInterval { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Clock of the timers, statistics and histories.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>
    /// Negotiated one-byte extmap id (1–14) of the transport-wide sequence number
    /// (draft-holmer-rmcat-transport-wide-cc-extensions-01); 0 = none. With it, every RTP packet our
    /// streams send carries the number, the peer's feedback drives <see cref="RtpMediaSession.BandwidthEstimator"/>,
    /// and the peer's packets that carry it are reported back in transport-wide feedback.
    /// </summary>
    public int TransportSequenceExtensionId { get; init; }

    /// <summary>
    /// The estimator's first target, before any feedback (bits per second): libwebrtc's 300 kbit/s, which a narrow
    /// link takes without a queue (a start above the link fills the bottleneck's queue before the first feedback can
    /// show it, and the loss and delay of that queue stay in the receiver's jitter buffer for a long time); the
    /// initial probes (3× and 6× the start) find a wider link within the first second.
    /// </summary>
    public long StartBitrate { get; init; } = 300_000;

    /// <summary>
    /// What the media is expected to use at most until it has shown more (bits per second; our encoder's default
    /// ceiling): probes go up to twice the larger of this and the most media sent (libwebrtc: twice the encoders'
    /// maximum), so a low <see cref="StartBitrate"/> does not hold the initial probes down.
    /// </summary>
    public long ExpectedMediaBitrate { get; init; } = 1_500_000;

    /// <summary>The lowest target the estimator gives.</summary>
    public long MinimumBitrate { get; init; } = 100_000;

    /// <summary>The highest target the estimator gives.</summary>
    public long MaximumBitrate { get; init; } = 8_000_000;

    /// <summary>Shortest time between two transport-wide feedback packets we send.</summary>
    public TimeSpan TransportFeedbackInterval { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// Whether packets leave through an <see cref="Congestion.RtpPacer"/> at a multiple of the estimator's
    /// target instead of as soon as they are made (frames in one burst). Off by default; a
    /// <c>PeerConnection</c> turns it on when transport-wide feedback was negotiated.
    /// </summary>
    public bool Pacing { get; init; }

    /// <summary>
    /// Whether the pacer probes for spare capacity (<see cref="Congestion.ProbeController"/>) with padding on a
    /// video stream's RTX SSRC; needs <see cref="Pacing"/>, the transport-wide number and an RTX stream. On by default.
    /// </summary>
    public bool Probing { get; init; } = true;
}
