using System.Runtime.CompilerServices;

namespace Tandem.WebRtc.Tests.Sdp;

/// <summary>
/// SDP captured from Debian's Chromium 156 (headless, fake devices) with createOffer/createAnswer, and
/// from Debian's aiortc 1.4 (an app-like offer: video recvonly H.264, audio Opus, data channel; its data
/// section is in the format before RFC 8841) and GStreamer 1.22 webrtcbin (a glasses-like offer with the
/// max-bundle policy: every section but the first has port 0 and a=bundle-only), kept verbatim in
/// <c>Data/</c> next to this file.
/// </summary>
internal static class SdpTestData
{
    public const string AvDataChannelOffer = "chromium-av-dc-offer.sdp";
    public const string AvDataChannelAnswer = "chromium-av-dc-answer.sdp";
    public const string RecvOnlyVideoOffer = "chromium-recvonly-video-offer.sdp";
    public const string RecvOnlyVideoAnswer = "chromium-recvonly-video-answer.sdp";
    public const string DataChannelOffer = "chromium-datachannel-offer.sdp";
    public const string DataChannelAnswer = "chromium-datachannel-answer.sdp";

    /// <summary>aiortc's attribute order is its own: not in <see cref="All"/>, whose files must serialise back verbatim.</summary>
    public const string AiortcOffer = "aiortc-av-dc-offer.sdp";

    /// <summary>webrtcbin's attribute order is its own too: not in <see cref="All"/>.</summary>
    public const string GStreamerOffer = "gstreamer-av-dc-offer.sdp";

    public static readonly string[] All =
    [
        AvDataChannelOffer, AvDataChannelAnswer, RecvOnlyVideoOffer, RecvOnlyVideoAnswer, DataChannelOffer, DataChannelAnswer,
    ];

    public static string Load(string name) => File.ReadAllText(Path.Combine(Directory(), "Data", name));

    private static string Directory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
