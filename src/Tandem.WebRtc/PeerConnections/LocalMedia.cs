using System.Globalization;
using System.Security.Cryptography;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

/// <summary>
/// Our media identity for the SDP: features, endpoint, the SSRC of each stream we send, one CNAME
/// and one msid stream for both tracks (RFC 8830 §2, so the peer lip-syncs them), our H.264 profile,
/// and the SSRC of our video's RFC 4588 retransmission stream.
/// </summary>
internal sealed record LocalMedia(
    RtcFeatures Features,
    RtcEndpoint Endpoint,
    string Cname,
    string StreamId,
    uint VideoSsrc,
    uint AudioSsrc,
    SdpH264ProfileLevelId VideoProfile,
    uint VideoRtxSsrc)
{
    /// <summary>Default payload types of our initial offers (dynamic range, RFC 3551 §3).</summary>
    public const byte DefaultVideoPayloadType = 102;

    /// <inheritdoc cref="DefaultVideoPayloadType"/>
    public const byte DefaultAudioPayloadType = 111;

    /// <summary>Default payload type of <c>rtx/90000</c> (RFC 4588 §8.6) for our H.264 in initial offers.</summary>
    public const byte DefaultVideoRtxPayloadType = 103;

    /// <summary>The one-byte extmap id we offer for the MID header extension (RFC 8285 §5).</summary>
    public const int DefaultMidExtensionId = 4;

    /// <summary>The one-byte extmap id we offer for the transport-wide sequence number (draft-holmer-rmcat-transport-wide-cc-extensions-01).</summary>
    public const int DefaultTransportSequenceExtensionId = 3;

    /// <summary>The video track id in <c>a=msid</c>.</summary>
    public string VideoTrackId => StreamId + "-video";

    /// <summary>The audio track id in <c>a=msid</c>.</summary>
    public string AudioTrackId => StreamId + "-audio";

    /// <summary>Whether we want to send video (device) and receive it (app); neither with video off.</summary>
    public (bool Send, bool Receive) VideoWish => (Features.Video && Endpoint == RtcEndpoint.Device, Features.Video && Endpoint == RtcEndpoint.App);

    /// <summary>Whether we want to send and receive audio: both, unless audio is off.</summary>
    public (bool Send, bool Receive) AudioWish => (Features.Audio, Features.Audio);

    /// <summary>Builds ours from the options, with random SSRCs and, unless given, a random CNAME.</summary>
    /// <exception cref="ArgumentException">No feature is on, or the profile-level-id is not six hex digits.</exception>
    public static LocalMedia From(PeerConnectionOptions options)
    {
        if (options.Features.IsEmpty)
        {
            throw new ArgumentException("RtcFeatures has nothing on: enable the data channel, audio or video.", nameof(options));
        }

        if (!SdpH264ProfileLevelId.TryParse(options.VideoProfileLevelId, out var profile))
        {
            throw new ArgumentException($"VideoProfileLevelId '{options.VideoProfileLevelId}' is not six hex digits (RFC 6184 §8.1).", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(options.Features.AudioSampleRate, 8000, nameof(options));
        ArgumentOutOfRangeException.ThrowIfLessThan(options.Features.VideoMtu, 200, nameof(options));
        var videoSsrc = RandomSsrc();
        var audioSsrc = RandomSsrc();
        while (audioSsrc == videoSsrc)
        {
            audioSsrc = RandomSsrc();
        }

        var rtxSsrc = RandomSsrc();
        while (rtxSsrc == videoSsrc || rtxSsrc == audioSsrc)
        {
            rtxSsrc = RandomSsrc();
        }

        return new LocalMedia(options.Features, options.Endpoint, options.Cname ?? RandomToken(), RandomToken(), videoSsrc, audioSsrc, profile, rtxSsrc);
    }

    private static uint RandomSsrc()
    {
        uint value;
        do
        {
            value = BitConverter.ToUInt32(RandomNumberGenerator.GetBytes(4));
        }
        while (value == 0);
        return value;
    }

    private static string RandomToken() =>
        Convert.ToHexString(RandomNumberGenerator.GetBytes(8)).ToLower(CultureInfo.InvariantCulture);
}
