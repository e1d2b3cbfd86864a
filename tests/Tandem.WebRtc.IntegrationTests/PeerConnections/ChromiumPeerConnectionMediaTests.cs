using Tandem.Testing;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;
using Xunit.Abstractions;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Smoke tests of our media path against Chromium: our device offering to it, and it offering to our app.</summary>
[Collection(ChromiumCollection.Name)]
[Trait("Category", "Browser")]
public sealed partial class ChromiumPeerConnectionMediaTests(ChromiumFixture chromium, ITestOutputHelper output)
{
    private static readonly string[] H264 = ["video/H264"];

    [Fact]
    public async Task DeviceOffer_ChromiumAnswers_DecodesOurH264AndOpus()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 2);
            await using var session = await ChromiumSession.OpenAsync(
                chromium, o => o with { Features = new RtcFeatures(), Endpoint = RtcEndpoint.Device });
            var started = LoopbackPeers.WhenMediaStartedAsync(session.Ours);

            await session.OfferFromUsAsync();
            await started.WaitAsync(LoopbackPeers.Timeout);
            var (videoSent, audioSent) = await MediaSource.SendAsync(session.Ours, units, audioPackets: 100);
            var stats = await session.Browser.WaitForStatsAsync(
                s => BrowserStats.Number(s.Inbound("video"), "framesReceived") >= units.Count
                    && BrowserStats.Number(s.Inbound("video"), "framesDecoded") + BrowserStats.Number(s.Inbound("video"), "framesDropped") >= units.Count
                    && BrowserStats.Number(s.Inbound("audio"), "packetsReceived") >= 100,
                "our frames received and our audio received");

            var video = stats.Inbound("video")!.Value;
            var audio = stats.Inbound("audio")!.Value;
            output.WriteLine($"{video}\n{audio}\n{session.Ours.GetStats().Media}");
            Assert.Equal(units.Count, videoSent);
            Assert.Equal(100, audioSent);
            Assert.Equal("video/H264", BrowserStats.Text(stats.CodecOf(video), "mimeType"));
            Assert.Equal("audio/opus", BrowserStats.Text(stats.CodecOf(audio), "mimeType"));
            AssertDecoded(video, units.Count);
            Assert.Equal(0, BrowserStats.Number(audio, "packetsLost"));
            Assert.Equal(320, BrowserStats.Number(video, "frameWidth"));
            
            // Chromium has no microphone track here, so it answers audio recvonly.
            Assert.Equal(new RtcNegotiatedMedia(true, false, true, false, true), session.Ours.NegotiatedMedia);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task ChromiumOffer_AppAnswers_ReceivesChromiumsH264AndOpus()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            await using var session = await ChromiumSession.OpenAsync(
                chromium, o => o with { Features = new RtcFeatures(), Endpoint = RtcEndpoint.App });
            using var recorder = new MediaRecorder(session.Ours, directory, "app");
            await session.Browser.AddFakeMediaAsync(audio: true, video: true);
            await session.Browser.SetCodecPreferencesAsync("video", H264, "packetization-mode=1");
            await session.Browser.CreateDataChannelAsync("tandem");

            await session.OfferFromChromiumAsync();
            await recorder.WaitUntilAsync(r => r.Frames >= 30 && r.AudioPackets >= 50, LoopbackPeers.Timeout);
            recorder.Dispose();
            var stats = session.Ours.GetStats().Media!;
            output.WriteLine($"{stats}\n{stats.VideoReceived}\n{stats.AudioReceived}\n{session.Ours.LocalDescription?.Sdp}\n{(await session.Browser.GetStatsAsync()).Outbound("video")}");
            Assert.True(recorder.Frames >= 30, $"{recorder.Frames} frames");
            var (decoded, errors) = FfmpegTool.CountDecodedFrames(recorder.VideoPath);
            output.WriteLine($"decoded {decoded}, errors {errors}");

            Assert.Equal(new RtcNegotiatedMedia(false, true, true, true, true), session.Ours.NegotiatedMedia);
            Assert.Equal(recorder.Frames, decoded);
            Assert.Equal(string.Empty, errors);
            Assert.Equal(0, stats.VideoReceived!.FramesDamaged);
            Assert.True(recorder.AudioPackets >= 50, $"{recorder.AudioPackets} audio packets");
            Assert.True(recorder.AudioRms > 0, "silent audio");
            Assert.Equal(0, stats.UnroutedPackets);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>
    /// Every frame arrived whole (no packet lost) and Chromium decoded most of them. A smoke test on a
    /// loaded machine: when a frame reaches Chromium's decoder too late it drops frames and asks for a
    /// keyframe (PLI), which a pre-encoded clip only brings at its next IDR, so a GOP may be dropped.
    /// </summary>
    private static void AssertDecoded(System.Text.Json.JsonElement video, int sent)
    {
        Assert.Equal(0, BrowserStats.Number(video, "packetsLost"));
        Assert.Equal(sent, BrowserStats.Number(video, "framesReceived"));
        Assert.True(BrowserStats.Number(video, "keyFramesDecoded") >= 1, "no keyframe decoded");
        Assert.True(BrowserStats.Number(video, "framesDecoded") >= sent / 2, $"{BrowserStats.Number(video, "framesDecoded")} of {sent} frames decoded");
    }

    [Fact]
    public async Task ChromiumAppOffer_DeviceAnswers_ChromiumDecodesOurVideoWeReceiveItsAudio()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 2);
            await using var session = await ChromiumSession.OpenAsync(
                chromium, o => o with { Features = new RtcFeatures(), Endpoint = RtcEndpoint.Device });
            using var recorder = new MediaRecorder(session.Ours, directory, "device");
            var started = LoopbackPeers.WhenMediaStartedAsync(session.Ours);
            await session.Browser.AddTransceiverAsync("video", "recvonly");
            await session.Browser.AddFakeMediaAsync(audio: true, video: false);
            await session.Browser.SetCodecPreferencesAsync("video", H264, "packetization-mode=1");
            await session.Browser.CreateDataChannelAsync("tandem");

            await session.OfferFromChromiumAsync();
            await started.WaitAsync(LoopbackPeers.Timeout);
            var (videoSent, _) = await MediaSource.SendAsync(session.Ours, units, audioPackets: 0);
            var stats = await session.Browser.WaitForStatsAsync(
                s => BrowserStats.Number(s.Inbound("video"), "framesReceived") >= units.Count
                    && BrowserStats.Number(s.Inbound("video"), "framesDecoded") + BrowserStats.Number(s.Inbound("video"), "framesDropped") >= units.Count,
                "our frames received");
            await recorder.WaitUntilAsync(r => r.AudioPackets >= 50, LoopbackPeers.Timeout);

            output.WriteLine($"{stats.Inbound("video")}\n{session.Ours.GetStats().Media}");
            Assert.Equal(new RtcNegotiatedMedia(true, false, true, true, true), session.Ours.NegotiatedMedia);
            Assert.Equal(units.Count, videoSent);
            Assert.Equal("video/H264", BrowserStats.Text(stats.CodecOf(stats.Inbound("video")!.Value), "mimeType"));
            AssertDecoded(stats.Inbound("video")!.Value, units.Count);
            Assert.True(recorder.AudioPackets >= 50, $"{recorder.AudioPackets} audio packets from Chromium");
            Assert.True(recorder.AudioRms > 0, "silent audio");
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
