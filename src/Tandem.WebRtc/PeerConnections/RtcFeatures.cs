namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// Which parts a <see cref="PeerConnection"/> negotiates (issue #5): the data channel, Opus audio
/// (sendrecv) and H.264 video (sent by the <see cref="RtcEndpoint.Device"/>, received by the
/// <see cref="RtcEndpoint.App"/>), in any combination with at least one on. <c>new RtcFeatures()</c> has all three on.
/// </summary>
public readonly record struct RtcFeatures
{
    /// <summary>All three parts on, audio at 16 kHz, video payloads of at most 1200 bytes.</summary>
    public RtcFeatures()
    {
    }

    /// <summary>Only the data channel.</summary>
    public static RtcFeatures DataOnly => new() { Audio = false, Video = false };

    /// <summary>Negotiate an SCTP data channel section (RFC 8841).</summary>
    public bool DataChannel { get; init; } = true;

    /// <summary>Negotiate an Opus audio section (RFC 7587), sendrecv.</summary>
    public bool Audio { get; init; } = true;

    /// <summary>Negotiate an H.264 video section (RFC 6184, packetization-mode=1): sendonly on the device, recvonly on the app.</summary>
    public bool Video { get; init; } = true;

    /// <summary>Audio sample rate announced as Opus <c>maxplaybackrate</c> and <c>sprop-maxcapturerate</c> (RFC 7587 §6.1).</summary>
    public int AudioSampleRate { get; init; } = 16000;

    /// <summary>Largest RTP payload of a video packet (RFC 6184 FU-A fragments are cut to fit).</summary>
    public int VideoMtu { get; init; } = 1200;

    /// <summary>True when no part is on (nothing could be negotiated).</summary>
    public bool IsEmpty => !DataChannel && !Audio && !Video;
}

/// <summary>Which end of a Tandem link a connection is (PROTOCOL.md R37): it fixes the video direction.</summary>
public enum RtcEndpoint
{
    /// <summary>The glasses: send video (sendonly), send and receive audio.</summary>
    Device,

    /// <summary>The phone app: receive video (recvonly), send and receive audio.</summary>
    App,
}

/// <summary>What the last offer/answer exchange settled, from this side's point of view.</summary>
/// <param name="SendsVideo">We send H.264.</param>
/// <param name="ReceivesVideo">We receive H.264.</param>
/// <param name="SendsAudio">We send Opus.</param>
/// <param name="ReceivesAudio">We receive Opus.</param>
/// <param name="DataChannel">An SCTP data section was accepted.</param>
public sealed record RtcNegotiatedMedia(bool SendsVideo, bool ReceivesVideo, bool SendsAudio, bool ReceivesAudio, bool DataChannel)
{
    /// <summary>Nothing negotiated (before the first answer).</summary>
    public static RtcNegotiatedMedia None { get; } = new(false, false, false, false, false);

    /// <summary>Audio or video in either direction.</summary>
    public bool HasMedia => SendsVideo || ReceivesVideo || SendsAudio || ReceivesAudio;
}
