using System.Threading.Channels;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>Our <see cref="PeerConnection"/> and one Chromium page, with trickle ICE relayed both ways.</summary>
internal sealed class ChromiumSession : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<RtcIceCandidateInit> _ourCandidates = Channel.CreateUnbounded<RtcIceCandidateInit>();
    private readonly List<Task> _pumps = [];

    private ChromiumSession(BrowserPeer browser, PeerConnection ours)
    {
        Browser = browser;
        Ours = ours;
        ours.IceCandidate += c => _ourCandidates.Writer.TryWrite(c);
        ours.DataChannel += c => Incoming.Writer.TryWrite(c);
    }

    public BrowserPeer Browser { get; }

    public PeerConnection Ours { get; }

    /// <summary>Channels Chromium opened, as our side sees them.</summary>
    public Channel<RtcDataChannel> Incoming { get; } = Channel.CreateUnbounded<RtcDataChannel>();

    /// <summary>Opens a page and our connection (data only unless <paramref name="configure"/> edits the options).</summary>
    public static async Task<ChromiumSession> OpenAsync(ChromiumFixture chromium, Func<PeerConnectionOptions, PeerConnectionOptions>? configure = null)
    {
        var browser = await chromium.OpenPeerAsync();
        await browser.CreatePeerConnectionAsync();
        var options = new PeerConnectionOptions { LocalAddresses = chromium.TestHosts };
        var ours = new PeerConnection(configure is null ? options : configure(options));
        var session = new ChromiumSession(browser, ours);
        session.StartRelays();
        return session;
    }

    /// <summary>Our offer, Chromium's answer; <paramref name="tamperAnswer"/> may edit the answer before we apply it.</summary>
    public async Task OfferFromUsAsync(Func<string, string>? tamperAnswer = null)
    {
        var offer = Ours.CreateOffer();
        Ours.SetLocalDescription(offer);
        await Browser.SetRemoteDescriptionAsync(new SessionDescriptionInit(offer.TypeName, offer.Sdp));
        var answer = await Browser.CreateAnswerAsync();
        await Browser.SetLocalDescriptionAsync(answer);
        Ours.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Answer, (tamperAnswer ?? (s => s))(answer.Sdp)));
    }

    /// <summary>Chromium's offer, our answer; <paramref name="tamperOffer"/> may edit the offer before we apply it.</summary>
    public async Task OfferFromChromiumAsync(Func<string, string>? tamperOffer = null)
    {
        var offer = await Browser.CreateOfferAsync();
        await Browser.SetLocalDescriptionAsync(offer);
        Ours.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Offer, (tamperOffer ?? (s => s))(offer.Sdp)));
        var answer = Ours.CreateAnswer();
        Ours.SetLocalDescription(answer);
        await Browser.SetRemoteDescriptionAsync(new SessionDescriptionInit(answer.TypeName, answer.Sdp));
    }

    public async Task<RtcDataChannel> NextIncomingAsync() =>
        await Incoming.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);

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
