using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

public sealed partial class ChromiumPeerConnectionMediaTests
{
    [Fact]
    public async Task RestartIce_DeviceReoffersWhileStreaming_ChromiumKeepsDecoding()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var clip = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 1, width: 160, height: 120);
            List<byte[]> units = [.. clip, .. clip, .. clip, .. clip, .. clip];
            await using var session = await ChromiumSession.OpenAsync(
                chromium, o => o with { Features = new RtcFeatures(), Endpoint = RtcEndpoint.Device });
            var started = LoopbackPeers.WhenMediaStartedAsync(session.Ours);
            await session.OfferFromUsAsync();
            await started.WaitAsync(LoopbackPeers.Timeout);
            var streaming = MediaSource.SendAsync(session.Ours, units, audioPackets: 2 * units.Count);
            var before = await session.Browser.WaitForStatsAsync(
                s => BrowserStats.Number(s.Inbound("video"), "framesDecoded") >= 20, "frames before the restart");
            var framesBefore = BrowserStats.Number(before.Inbound("video"), "framesDecoded");
            var reselected = PeerConnectionRestartTests.NextSelection(session.Ours.IceAgent!);

            session.Ours.RestartIce();
            await session.OfferFromUsAsync();
            await reselected.WaitAsync(LoopbackPeers.Timeout);
            var after = await session.Browser.WaitForStatsAsync(
                s => BrowserStats.Number(s.Inbound("video"), "framesDecoded") >= framesBefore + 40
                    && BrowserStats.Number(s.Inbound("audio"), "packetsReceived") >= 100,
                "40 more frames after the restart");
            var (videoSent, audioSent) = await streaming;

            output.WriteLine($"{after.Inbound("video")}\n{session.Ours.GetStats().Media}");
            Assert.Equal(units.Count, videoSent);
            Assert.Equal(2 * units.Count, audioSent);
            Assert.Contains("a=setup:passive", session.Ours.LocalDescription!.Sdp, StringComparison.Ordinal);
            Assert.Equal(new RtcNegotiatedMedia(true, false, true, false, true), session.Ours.NegotiatedMedia);
            Assert.True(BrowserStats.Number(after.Inbound("video"), "framesDecoded") >= framesBefore + 40, "decoding stopped at the restart");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
