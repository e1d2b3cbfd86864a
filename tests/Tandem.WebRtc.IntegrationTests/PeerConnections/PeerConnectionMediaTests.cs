using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Device and app peer connections carrying H.264 and Opus over real UDP on 127.0.0.1.</summary>
public sealed class PeerConnectionMediaTests
{
    private static readonly TimeSpan MediaTimeout = TimeSpan.FromSeconds(10);

    [Fact]
    public async Task DeviceOffersAll_VideoDecodesFrameForFrame_AudioFlowsBothWays()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 2);
            await using var peers = new LoopbackPeers(
                LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.Device), LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.App));
            using var atApp = new MediaRecorder(peers.Answerer, directory, "app");
            using var atDevice = new MediaRecorder(peers.Offerer, directory, "device");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            peers.Offerer.CreateDataChannel("tandem");

            peers.Negotiate();
            await started.WaitAsync(LoopbackPeers.Timeout);
            var deviceSend = MediaSource.SendAsync(peers.Offerer, units, audioPackets: 100);
            var appSend = MediaSource.SendAsync(peers.Answerer, null, audioPackets: 50);
            var (videoSent, audioSent) = await deviceSend;
            var (appVideo, appAudio) = await appSend;
            await atApp.WaitUntilAsync(r => r.Frames >= units.Count && r.AudioPackets >= audioSent, MediaTimeout);
            await atDevice.WaitUntilAsync(r => r.AudioPackets >= appAudio, MediaTimeout);
            atApp.Dispose();

            Assert.Equal(new RtcNegotiatedMedia(true, false, true, true, true), peers.Offerer.NegotiatedMedia);
            Assert.Equal(new RtcNegotiatedMedia(false, true, true, true, true), peers.Answerer.NegotiatedMedia);
            Assert.Equal(units.Count, videoSent);
            Assert.Equal(0, appVideo);
            Assert.True(units.Count == atApp.Frames, $"frames {atApp.Frames}/{units.Count}, audio {atApp.AudioPackets}; device: {peers.Offerer.LocalDescription!.Sdp}\napp: {peers.Answerer.LocalDescription!.Sdp}");
            Assert.Equal(0, atApp.DamagedFrames);
            var (decoded, errors) = MediaFiles.CountDecodedFrames(atApp.VideoPath);
            Assert.Equal(units.Count, decoded);
            Assert.Equal(string.Empty, errors);
            Assert.Equal(100, audioSent);
            Assert.InRange(atApp.AudioSamples, 95 * MediaSource.AudioFrameSamples, 100 * MediaSource.AudioFrameSamples);
            Assert.True(atApp.AudioRms > 0.05, $"decoded audio RMS {atApp.AudioRms}");
            Assert.Equal(50, appAudio);
            Assert.InRange(atDevice.AudioPackets, 48, 50);
            Assert.Equal(0, atDevice.Frames);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
