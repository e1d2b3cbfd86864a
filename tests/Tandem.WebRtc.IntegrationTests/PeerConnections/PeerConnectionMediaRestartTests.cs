using Tandem.Testing;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Media across ICE restarts and under loss, device↔app over 127.0.0.1.</summary>
public sealed class PeerConnectionMediaRestartTests
{
    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public async Task RestartIce_EitherSideReoffers_SameSrtpSessionKeepsCarryingAudioAndVideo(bool appReoffers)
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 0.4, width: 160, height: 120);
            await using var peers = new LoopbackPeers(
                LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.Device), LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.App));
            using var atApp = new MediaRecorder(peers.Answerer, directory, "app");
            using var atDevice = new MediaRecorder(peers.Offerer, directory, "device");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            var startedAgain = 0;
            peers.Offerer.CreateDataChannel("tandem");
            peers.Negotiate();
            await started.WaitAsync(LoopbackPeers.Timeout);
            peers.Offerer.MediaStarted += () => Interlocked.Increment(ref startedAgain);
            await MediaSource.SendAsync(peers.Offerer, units, 10);
            await MediaSource.SendAsync(peers.Answerer, null, 10);
            await atApp.WaitUntilAsync(r => r.Frames >= units.Count && r.AudioPackets >= 10, LoopbackPeers.Timeout);
            var restarter = appReoffers ? peers.Answerer : peers.Offerer;
            var reselected = PeerConnectionRestartTests.NextSelection(restarter.IceAgent!);
            var firstUfrag = restarter.IceAgent!.LocalCredentials.Ufrag;
            var negotiated = peers.Offerer.NegotiatedMedia;

            restarter.RestartIce();
            if (appReoffers)
            {
                peers.NegotiateReverse();
            }
            else
            {
                peers.Negotiate();
            }

            await reselected.WaitAsync(LoopbackPeers.Timeout);
            var sent = await MediaSource.SendAsync(peers.Offerer, units, 10);
            var sentBack = await MediaSource.SendAsync(peers.Answerer, null, 10);
            await atApp.WaitUntilAsync(r => r.Frames >= 2 * units.Count && r.AudioPackets >= 20, LoopbackPeers.Timeout);
            await atDevice.WaitUntilAsync(r => r.AudioPackets >= 20, LoopbackPeers.Timeout);

            Assert.NotEqual(firstUfrag, restarter.IceAgent!.LocalCredentials.Ufrag);
            Assert.Equal(negotiated, peers.Offerer.NegotiatedMedia);
            Assert.Equal((units.Count, 10), sent);
            Assert.Equal((0, 10), sentBack);
            Assert.Equal(2 * units.Count, atApp.Frames);
            Assert.Equal(0, atApp.DamagedFrames);
            Assert.Equal(20, atApp.AudioPackets);
            Assert.Equal(20, atDevice.AudioPackets);
            Assert.Equal(0, startedAgain);
            Assert.Equal(RtcPeerConnectionState.Connected, peers.Answerer.ConnectionState);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    [Fact]
    public async Task SendVideo_FivePercentDroppedBySender_NacksRepairEveryFrame()
    {
        var directory = MediaFiles.NewDirectory();
        try
        {
            var units = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 2);
            var device = LoopbackPeers.Loopback(new RtcFeatures { Audio = false, DataChannel = false }, RtcEndpoint.Device) with
            {
                VideoPacketLossForTesting = 0.05,
            };
            await using var peers = new LoopbackPeers(device, LoopbackPeers.Loopback(new RtcFeatures(), RtcEndpoint.App));
            using var atApp = new MediaRecorder(peers.Answerer, directory, "app");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            peers.Negotiate();
            await started.WaitAsync(LoopbackPeers.Timeout);

            // A lost last packet is only noticed when a later one arrives: the second pass's first
            // frames follow the first pass, so every frame of the first pass can be NACKed.
            var (videoSent, _) = await MediaSource.SendAsync(peers.Offerer, [.. units, .. units.Take(5)], 0);
            await atApp.WaitUntilAsync(r => r.Frames >= units.Count + 4, LoopbackPeers.Timeout);
            atApp.Dispose();
            var (decoded, errors) = FfmpegTool.CountDecodedFrames(atApp.VideoPath);
            var sender = peers.Offerer.GetStats().Media!.VideoSent!;
            var receiver = peers.Answerer.GetStats().Media!.VideoReceived!;

            Assert.Equal(units.Count + 5, videoSent);
            Assert.InRange(atApp.Frames, units.Count + 4, units.Count + 5);
            Assert.Equal(0, atApp.DamagedFrames);
            Assert.Equal(atApp.Frames, decoded);
            Assert.Equal(string.Empty, errors);
            Assert.True(sender.PacketsResent > 0, "no packet was resent");
            Assert.True(receiver.NacksSent > 0, "no NACK was sent");
            Assert.Equal(units.Count + 5, sender.FramesSent);
            Assert.Equal(atApp.Frames, receiver.FramesReceived);
            Assert.InRange(sender.PacketsSent * 0.05, sender.PacketsResent - 2, sender.PacketsResent + 2);
            Assert.Equal(sender.Ssrc, receiver.Ssrc);
            Assert.Null(peers.Offerer.GetStats().Media!.AudioSent);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }
}
