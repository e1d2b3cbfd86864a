using System.Threading.Channels;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.IntegrationTests.PeerConnections;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// Our <see cref="PeerConnection"/> (as the device, by default with every part on) and one Chromium
/// page (as the app), with trickle ICE relayed both ways and the media start awaited.
/// </summary>
internal sealed class ChromiumMediaSession : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly ChromiumSession _session;
    private readonly TaskCompletionSource _mediaStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);

    private ChromiumMediaSession(ChromiumSession session)
    {
        _session = session;
        session.Ours.MediaStarted += () => _mediaStarted.TrySetResult();
    }

    public BrowserPeer Browser => _session.Browser;

    public PeerConnection Ours => _session.Ours;

    /// <summary>Channels Chromium opened, as our side sees them.</summary>
    public Channel<RtcDataChannel> Incoming => _session.Incoming;

    /// <summary>The device's options: <paramref name="features"/>, one CNAME, SRs from <paramref name="time"/>'s capture clock.</summary>
    public static PeerConnectionOptions DeviceOptions(ChromiumFixture chromium, RtcFeatures features, MediaTimebase time) => new()
    {
        LocalAddresses = chromium.TestHosts,
        Features = features,
        Endpoint = RtcEndpoint.Device,
        Cname = "tandem-device",
        VideoReportClock = time.VideoReportClock,
        AudioReportClock = time.AudioReportClock,
    };

    public static async Task<ChromiumMediaSession> OpenAsync(ChromiumFixture chromium, PeerConnectionOptions options)
    {
        // Media starts only after an offer/answer, so subscribing once the relays run misses nothing.
        return new ChromiumMediaSession(await ChromiumSession.OpenAsync(chromium, _ => options));
    }

    /// <summary>Our offer, Chromium's answer (with its fake microphone on the audio line when <paramref name="micBack"/>).</summary>
    public async Task OfferFromUsAsync(bool micBack = true)
    {
        var offer = Ours.CreateOffer();
        Ours.SetLocalDescription(offer);
        await Browser.SetRemoteDescriptionAsync(new SessionDescriptionInit(offer.TypeName, offer.Sdp));
        if (micBack)
        {
            await Browser.AttachFakeMicAsync();
        }

        var answer = await Browser.CreateAnswerAsync();
        await Browser.SetLocalDescriptionAsync(answer);
        Ours.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Answer, answer.Sdp));
    }

    /// <summary>
    /// Chromium's offer as the app page makes it: video recvonly (mid 0), audio sendrecv with the fake
    /// microphone (mid 1), a data channel (mid 2), each only when <paramref name="features"/> has it.
    /// </summary>
    public async Task OfferFromChromiumAsync(RtcFeatures features)
    {
        if (features.Video)
        {
            await Browser.AddTransceiverAsync("video", "recvonly");
            await Browser.SetCodecPreferencesAsync("video", ["video/H264"], "packetization-mode=1");
        }

        if (features.Audio)
        {
            await Browser.AddTransceiverAsync("audio", "sendrecv", fakeTrack: true);
        }

        if (features.DataChannel)
        {
            await Browser.CreateDataChannelAsync("app");
        }

        await _session.OfferFromChromiumAsync();
    }

    /// <summary>Waits until SRTP is keyed on our side (media can flow).</summary>
    public Task WaitForMediaAsync() => _mediaStarted.Task.WaitAsync(Timeout);

    public string Diagnostics() => _session.Diagnostics();

    public ValueTask DisposeAsync() => _session.DisposeAsync();
}
