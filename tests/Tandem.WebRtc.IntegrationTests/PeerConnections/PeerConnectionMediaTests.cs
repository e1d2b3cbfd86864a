using Tandem.Testing;
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
            var (decoded, errors) = FfmpegTool.CountDecodedFrames(atApp.VideoPath);
            Assert.Equal(units.Count, decoded);
            Assert.Equal(string.Empty, errors);
            Assert.Equal(100, audioSent);
            Assert.InRange(atApp.AudioSamples, 95 * MediaSource.AudioFrameSamples, 100 * MediaSource.AudioFrameSamples);
            Assert.True(atApp.AudioRms > 0.05, $"decoded audio RMS {atApp.AudioRms}");
            Assert.Equal(50, appAudio);
            Assert.InRange(atDevice.AudioPackets, 48, 50);
            Assert.Equal(0, atDevice.Frames);
            var (deviceStats, appStats) = (peers.Offerer.GetStats(), peers.Answerer.GetStats());
            Assert.True(deviceStats.DtlsConnectedAt <= deviceStats.MediaStartedAt, "DTLS before media");
            Assert.True(deviceStats.MediaStartedAt <= deviceStats.FirstRtpSentAt, "media started before the first RTP");
            Assert.True(appStats.MediaStartedAt <= appStats.FirstKeyframeReceivedAt, "media started before the first keyframe");
            Assert.Null(deviceStats.FirstKeyframeReceivedAt);
            Assert.Equal(units.Count, deviceStats.Media!.VideoSent!.FramesSent);
            Assert.Equal(100, deviceStats.Media.AudioSent!.PacketsSent);
            Assert.Equal(50, deviceStats.Media.AudioReceived!.FramesReceived);
            Assert.Equal(units.Count, appStats.Media!.VideoReceived!.FramesReceived);
            Assert.Equal(deviceStats.Media.VideoSent.PacketsSent, appStats.Media.VideoReceived.PacketsReceived);
            Assert.Null(appStats.Media.VideoSent);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task AppOffersAll_DeviceAnswers_VideoFlowsToAppAudioBothWays()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 0.6, width: 160, height: 120);
            await using var peers = new LoopbackPeers(
                LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.App), LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.Device));
            using var atApp = new MediaRecorder(peers.Offerer, directory, "app");
            using var atDevice = new MediaRecorder(peers.Answerer, directory, "device");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            peers.Offerer.CreateDataChannel("tandem");

            peers.Negotiate();
            await started.WaitAsync(LoopbackPeers.Timeout);
            var fromDevice = await MediaSource.SendAsync(peers.Answerer, units, 20);
            var fromApp = await MediaSource.SendAsync(peers.Offerer, units, 20);
            await atApp.WaitUntilAsync(r => r.Frames >= units.Count && r.AudioPackets >= 20, MediaTimeout);
            await atDevice.WaitUntilAsync(r => r.AudioPackets >= 20, MediaTimeout);

            Assert.Contains("a=recvonly", peers.Offerer.LocalDescription!.Sdp, StringComparison.Ordinal);
            Assert.Contains("a=sendonly", peers.Answerer.LocalDescription!.Sdp, StringComparison.Ordinal);
            Assert.Equal(new RtcNegotiatedMedia(false, true, true, true, true), peers.Offerer.NegotiatedMedia);
            Assert.Equal(new RtcNegotiatedMedia(true, false, true, true, true), peers.Answerer.NegotiatedMedia);
            Assert.Equal((units.Count, 20), fromDevice);
            Assert.Equal((0, 20), fromApp);
            Assert.Equal(units.Count, atApp.Frames);
            Assert.Equal(0, atApp.DamagedFrames);
            Assert.Equal(20, atApp.AudioPackets);
            Assert.Equal(20, atDevice.AudioPackets);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task TwoApps_VideoInactive_OnlyAudioFlows()
    {
        var features = new RtcFeatures { DataChannel = false };
        await using var peers = new LoopbackPeers(LoopbackPeers.Loopback(features, RtcEndpoint.App), LoopbackPeers.Loopback(features, RtcEndpoint.App));
        var directory = MediaFiles.NewDirectory();
        try
        {
            using var atAnswerer = new MediaRecorder(peers.Answerer, directory, "answerer");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));

            peers.Negotiate();
            await started.WaitAsync(LoopbackPeers.Timeout);
            var sent = await MediaSource.SendAsync(peers.Offerer, [new byte[] { 0, 0, 0, 1, 0x65, 0x88 }], 5);
            await atAnswerer.WaitUntilAsync(r => r.AudioPackets >= 5, MediaTimeout);

            Assert.Contains("a=inactive", peers.Answerer.LocalDescription!.Sdp, StringComparison.Ordinal);
            Assert.Equal(new RtcNegotiatedMedia(false, false, true, true, false), peers.Offerer.NegotiatedMedia);
            Assert.Equal((0, 5), sent);
            Assert.Equal(5, atAnswerer.AudioPackets);
            Assert.Null(peers.Answerer.GetStats().Media!.VideoReceived);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
