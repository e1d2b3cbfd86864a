namespace Tandem.WebRtc.Rtp;

/// <summary>Tuning of <see cref="RtpNackGenerator"/> (RFC 4585 §3.2, https://www.rfc-editor.org/rfc/rfc4585#section-3.2, leaves the timing to the receiver).</summary>
internal sealed record RtpNackOptions
{
    /// <summary>Times a missing packet is asked for before giving up on it.</summary>
    public int MaxRetries { get; init; } = 10;

    /// <summary>Interval between two requests for the same packet until an RTT is known.</summary>
    public TimeSpan DefaultRetryInterval { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>A packet missing longer than this is given up (it would arrive too late to play).</summary>
    public TimeSpan MaxAge { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>
    /// Most packets tracked as missing; a gap that would exceed it clears the list and asks for
    /// a keyframe instead (resending that much would only add congestion).
    /// </summary>
    public int MaxMissing { get; init; } = 500;
}
