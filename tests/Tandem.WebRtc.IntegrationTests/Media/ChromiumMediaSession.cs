using System.Threading.Channels;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.Media;

/// <summary>
/// Our <see cref="PeerConnection"/> (as the device, by default with every part on) and one Chromium
/// page (as the app), with trickle ICE relayed both ways and the media start awaited.
/// </summary>
internal sealed class ChromiumMediaSession : IAsyncDisposable
{
    public static readonly TimeSpan Timeout = TimeSpan.FromSeconds(20);

    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<RtcIceCandidateInit> _ourCandidates = Channel.CreateUnbounded<RtcIceCandidateInit>();
    private readonly TaskCompletionSource _mediaStarted = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly List<Task> _pumps = [];

    private ChromiumMediaSession(BrowserPeer browser, PeerConnection ours)
    {
        Browser = browser;
        Ours = ours;
        ours.IceCandidate += c => _ourCandidates.Writer.TryWrite(c);
        ours.DataChannel += c => Incoming.Writer.TryWrite(c);
        ours.MediaStarted += () => _mediaStarted.TrySetResult();
    }

    public BrowserPeer Browser { get; }

    public PeerConnection Ours { get; }

    /// <summary>Channels Chromium opened, as our side sees them.</summary>
    public Channel<RtcDataChannel> Incoming { get; } = Channel.CreateUnbounded<RtcDataChannel>();

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
        var browser = await chromium.OpenPeerAsync();
        await browser.CreatePeerConnectionAsync();
        var session = new ChromiumMediaSession(browser, new PeerConnection(options));
        session.StartRelays();
        return session;
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

        var offer = await Browser.CreateOfferAsync();
        await Browser.SetLocalDescriptionAsync(offer);
        Ours.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Offer, offer.Sdp));
        var answer = Ours.CreateAnswer();
        Ours.SetLocalDescription(answer);
        await Browser.SetRemoteDescriptionAsync(new SessionDescriptionInit(answer.TypeName, answer.Sdp));
    }

    /// <summary>Waits until SRTP is keyed on our side (media can flow).</summary>
    public Task WaitForMediaAsync() => _mediaStarted.Task.WaitAsync(Timeout);

    public string Diagnostics() =>
        $"ours: {Ours.ConnectionState} ice={Ours.IceConnectionState} failure={Ours.FailureReason}\npage log:\n{string.Join('\n', Browser.Log)}";

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _ourCandidates.Writer.TryComplete();
        await Ours.DisposeAsync();
        await Browser.DisposeAsync();
        try
        {
            await Task.WhenAll(_pumps);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            // The relays end with the session; a candidate in flight when the page closed is of no interest.
        }

        _stop.Dispose();
    }

    private void StartRelays()
    {
        _pumps.Add(Browser.ForwardCandidatesAsync(
            c =>
            {
                Ours.AddIceCandidate(c.Candidate, c.SdpMid, c.SdpMLineIndex);
                return Task.CompletedTask;
            },
            _stop.Token));
        _pumps.Add(Task.Run(async () =>
        {
            await foreach (var c in _ourCandidates.Reader.ReadAllAsync(_stop.Token))
            {
                await Browser.AddIceCandidateAsync(new IceCandidateInit(c.Candidate, c.SdpMid, c.SdpMLineIndex, c.UsernameFragment));
            }
        }));
    }
}
