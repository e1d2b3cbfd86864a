using System.Runtime.CompilerServices;

namespace Tandem.WebRtc.Tests.Sdp;

/// <summary>
/// SDP captured from Debian's Chromium 156 (headless, fake devices) with createOffer/createAnswer,
/// kept verbatim in <c>Data/</c> next to this file.
/// </summary>
internal static class SdpTestData
{
    public const string AvDataChannelOffer = "chromium-av-dc-offer.sdp";
    public const string AvDataChannelAnswer = "chromium-av-dc-answer.sdp";
    public const string RecvOnlyVideoOffer = "chromium-recvonly-video-offer.sdp";
    public const string RecvOnlyVideoAnswer = "chromium-recvonly-video-answer.sdp";
    public const string DataChannelOffer = "chromium-datachannel-offer.sdp";
    public const string DataChannelAnswer = "chromium-datachannel-answer.sdp";

    public static readonly string[] All =
    [
        AvDataChannelOffer, AvDataChannelAnswer, RecvOnlyVideoOffer, RecvOnlyVideoAnswer, DataChannelOffer, DataChannelAnswer,
    ];

    public static string Load(string name) => File.ReadAllText(Path.Combine(Directory(), "Data", name));

    private static string Directory([CallerFilePath] string path = "") => Path.GetDirectoryName(path)!;
}
