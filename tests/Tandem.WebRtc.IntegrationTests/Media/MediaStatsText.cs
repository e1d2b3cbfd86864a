using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>Our side's media statistics, for assertions and test output.</summary>
internal static class MediaStatsText
{
    /// <summary>Our outgoing video stream's figures (fails when we send no video).</summary>
    public static RtpOutboundStats Video(PeerConnectionStats stats) =>
        stats.Media?.VideoSent ?? throw new InvalidOperationException("no outgoing video statistics");

    public static string Describe(PeerConnectionStats stats) => stats.Media is not { } media
        ? "ours: no media statistics"
        : $"ours: video sent {media.VideoSent}\naudio sent {media.AudioSent}\naudio received {media.AudioReceived}";
}
