namespace Tandem.WebRtc.IntegrationTests.Browser;

/// <summary>
/// Two Chromium peers whose signaling the test relays: trickle candidates flow both ways for the
/// pair's lifetime. Disposing stops the relay, rethrows a relay failure and closes both pages.
/// </summary>
public sealed class ChromiumPair : IAsyncDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _relay;

    private ChromiumPair(BrowserPeer offerer, BrowserPeer answerer)
    {
        Offerer = offerer;
        Answerer = answerer;
        _relay = Task.WhenAll(
            offerer.ForwardCandidatesAsync(c => answerer.AddIceCandidateAsync(c), _stop.Token),
            answerer.ForwardCandidatesAsync(c => offerer.AddIceCandidateAsync(c), _stop.Token));
    }

    public BrowserPeer Offerer { get; }

    public BrowserPeer Answerer { get; }

    /// <summary>Opens two pages, each with a peer connection, and starts relaying candidates.</summary>
    public static async Task<ChromiumPair> OpenAsync(ChromiumFixture chromium)
    {
        var offerer = await chromium.OpenPeerAsync();
        var answerer = await chromium.OpenPeerAsync();
        await offerer.CreatePeerConnectionAsync();
        await answerer.CreatePeerConnectionAsync();
        return new ChromiumPair(offerer, answerer);
    }

    /// <summary>One offer/answer round (also for renegotiation and ICE restart); returns offer and answer.</summary>
    public async Task<(SessionDescriptionInit Offer, SessionDescriptionInit Answer)> NegotiateAsync(bool iceRestart = false)
    {
        var offer = await Offerer.CreateOfferAsync(iceRestart);
        await Offerer.SetLocalDescriptionAsync(offer);
        await Answerer.SetRemoteDescriptionAsync(offer);
        var answer = await Answerer.CreateAnswerAsync();
        await Answerer.SetLocalDescriptionAsync(answer);
        await Offerer.SetRemoteDescriptionAsync(answer);
        return (offer, answer);
    }

    /// <summary>Negotiates and waits until both sides are connected.</summary>
    public async Task ConnectAsync()
    {
        await NegotiateAsync();
        await Task.WhenAll(Offerer.WaitForConnectionStateAsync("connected"), Answerer.WaitForConnectionStateAsync("connected"));
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        try
        {
            await _relay;
        }
        catch (OperationCanceledException)
        {
            // The relay's normal end.
        }
        finally
        {
            _stop.Dispose();
            await Offerer.DisposeAsync();
            await Answerer.DisposeAsync();
        }
    }
}
