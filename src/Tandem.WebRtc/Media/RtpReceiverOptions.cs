using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

/// <summary>Configuration of one incoming RTP stream.</summary>
internal sealed record RtpReceiverOptions
{
    /// <summary>Payload type as negotiated in the SDP: packets carrying it are routed to this receiver.</summary>
    public required byte PayloadType { get; init; }

    /// <summary>RTP clock rate (for jitter statistics).</summary>
    public required int ClockRate { get; init; }

    /// <summary>
    /// Payload type of the peer's <c>rtx</c> stream whose <c>apt</c> is <see cref="PayloadType"/> (RFC 4588 §8.6);
    /// its packets are unwrapped to the originals they repair. Null = no RTX.
    /// </summary>
    public byte? RtxPayloadType { get; init; }

    /// <summary>Whether lost packets are asked for with generic NACKs (RFC 4585 §6.2.1).</summary>
    public bool Nack { get; init; } = true;

    /// <summary>Retry policy of the NACKs.</summary>
    public RtpNackOptions? NackOptions { get; init; }

    /// <summary>How long a gap holds later packets back, waiting for a retransmission.</summary>
    public TimeSpan ReorderDelay { get; init; } = TimeSpan.FromMilliseconds(150);

    /// <summary>Shortest time between two PLIs sent for this stream.</summary>
    public TimeSpan MinKeyframeRequestInterval { get; init; } = TimeSpan.FromMilliseconds(300);
}
