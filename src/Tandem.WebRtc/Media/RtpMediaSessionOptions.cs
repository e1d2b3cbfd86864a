namespace Tandem.WebRtc.Media;

/// <summary>Configuration of an <see cref="RtpMediaSession"/>.</summary>
public sealed record RtpMediaSessionOptions
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
}
