using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Every <see cref="RtcFeatures"/> combination connects device↔app over 127.0.0.1 and carries only what was negotiated.</summary>
public sealed class PeerConnectionMediaCombinationTests : IClassFixture<PeerConnectionMediaCombinationTests.ShortVideo>
{
    private const int AudioPackets = 10;
    private readonly ShortVideo _video;

    public PeerConnectionMediaCombinationTests(ShortVideo video) => _video = video;

    public static TheoryData<bool, bool, bool, bool, bool, bool> Pairs() => new()
    {
        { true, false, false, true, false, false },
        { false, true, false, false, true, false },
        { false, false, true, false, false, true },
        { true, true, false, true, true, false },
        { true, false, true, true, false, true },
        { false, true, true, false, true, true },
        { true, true, true, true, true, true },
        { true, true, true, false, true, false },
        { true, true, false, true, false, true },
    };

    [Theory]
    [MemberData(nameof(Pairs))]
    public async Task DeviceOffersApp_Combination_OnlyNegotiatedPartsFlow(bool deviceVideo, bool deviceAudio, bool deviceData, bool appVideo, bool appAudio, bool appData)
    {
        var device = new RtcFeatures { Video = deviceVideo, Audio = deviceAudio, DataChannel = deviceData };
        var app = new RtcFeatures { Video = appVideo, Audio = appAudio, DataChannel = appData };
        var (video, audio, data) = (deviceVideo && appVideo, deviceAudio && appAudio, deviceData && appData);
        var directory = MediaFiles.NewDirectory();
        try
        {
            await using var peers = new LoopbackPeers(LoopbackPeers.Loopback(device, RtcEndpoint.Device), LoopbackPeers.Loopback(app, RtcEndpoint.App));
            using var atApp = new MediaRecorder(peers.Answerer, directory, "app");
            using var atDevice = new MediaRecorder(peers.Offerer, directory, "device");
            var started = Task.WhenAll(LoopbackPeers.WhenMediaStartedAsync(peers.Offerer), LoopbackPeers.WhenMediaStartedAsync(peers.Answerer));
            var channel = deviceData ? peers.Offerer.CreateDataChannel("tandem") : null;

            peers.Negotiate();
            Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected));
            Assert.Equal(RtcPeerConnectionState.Connected, await LoopbackPeers.WaitForStateAsync(peers.Answerer, RtcPeerConnectionState.Connected));
            if (video || audio)
            {
                await started.WaitAsync(LoopbackPeers.Timeout);
            }

            var sent = await MediaSource.SendAsync(peers.Offerer, _video.AccessUnits, AudioPackets);
            var sentBack = await MediaSource.SendAsync(peers.Answerer, _video.AccessUnits, AudioPackets);
            await atApp.WaitUntilAsync(r => r.Frames >= sent.Video && r.AudioPackets >= sent.Audio, TimeSpan.FromSeconds(5));
            await atDevice.WaitUntilAsync(r => r.AudioPackets >= sentBack.Audio, TimeSpan.FromSeconds(5));
            if (data)
            {
                await LoopbackPeers.WaitOpenAsync(channel!);
            }

            Assert.Equal(new RtcNegotiatedMedia(video, false, audio, audio, data), peers.Offerer.NegotiatedMedia);
            Assert.Equal(new RtcNegotiatedMedia(false, video, audio, audio, data), peers.Answerer.NegotiatedMedia);
            Assert.Equal(video ? _video.AccessUnits.Count : 0, sent.Video);
            Assert.Equal(video ? _video.AccessUnits.Count : 0, atApp.Frames);
            Assert.Equal(0, sentBack.Video);
            Assert.Equal(0, atDevice.Frames);
            Assert.Equal(audio ? AudioPackets : 0, sent.Audio);
            Assert.Equal(audio ? AudioPackets : 0, sentBack.Audio);
            Assert.Equal(audio ? AudioPackets : 0, atApp.AudioPackets);
            Assert.Equal(audio ? AudioPackets : 0, atDevice.AudioPackets);
            Assert.Equal(data, peers.Answerer.SctpAssociation is not null);
            Assert.Equal(deviceData ? (data ? RtcDataChannelState.Open : RtcDataChannelState.Connecting) : null, channel?.ReadyState);
            Assert.Equal(video || audio, peers.Offerer.GetStats().Media is not null);
        }
        finally
        {
            Directory.Delete(directory, recursive: true);
        }
    }

    /// <summary>Five frames of libx264 video, made once for the class.</summary>
    public sealed class ShortVideo : IAsyncLifetime
    {
        public List<byte[]> AccessUnits { get; private set; } = [];

        public async Task InitializeAsync()
        {
            var directory = MediaFiles.NewDirectory();
            try
            {
                AccessUnits = await MediaFiles.MakeH264AccessUnitsAsync(directory, seconds: 0.2, width: 160, height: 120);
            }
            finally
            {
                Directory.Delete(directory, recursive: true);
            }
        }

        public Task DisposeAsync() => Task.CompletedTask;
    }
}
