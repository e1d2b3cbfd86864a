using System.Threading.Channels;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.DataChannelThroughput;

/// <summary>
/// Our peer connection (offerer, channel opener) and one Chromium page (answerer), trickle ICE
/// relayed both ways; <c>oursSends</c> picks the direction of the transfer.
/// </summary>
internal sealed class OurChromiumSession : ITransfer
{
    private readonly CancellationTokenSource _stop = new();
    private readonly Channel<RtcIceCandidateInit> _ourCandidates = Channel.CreateUnbounded<RtcIceCandidateInit>();
    private readonly List<Task> _relays = [];
    private readonly BrowserPeer _browser;
    private readonly PeerConnection _ours;
    private readonly RtcDataChannel _channel;
    private readonly bool _oursSends;

    private OurChromiumSession(BrowserPeer browser, PeerConnection ours, bool oursSends)
    {
        _browser = browser;
        _ours = ours;
        _oursSends = oursSends;
        ours.IceCandidate += c => _ourCandidates.Writer.TryWrite(c);
        _channel = ours.CreateDataChannel(Transfers.Label);
        _relays.Add(browser.ForwardCandidatesAsync(
            c =>
            {
                ours.AddIceCandidate(c.Candidate, c.SdpMid, c.SdpMLineIndex);
                return Task.CompletedTask;
            },
            _stop.Token));
        _relays.Add(Task.Run(async () =>
        {
            await foreach (var c in _ourCandidates.Reader.ReadAllAsync(_stop.Token))
            {
                await browser.AddIceCandidateAsync(new IceCandidateInit(c.Candidate, c.SdpMid, c.SdpMLineIndex, c.UsernameFragment));
            }
        }));
    }

    public static async Task<OurChromiumSession> OpenAsync(ChromiumFixture chromium, bool oursSends)
    {
        var browser = await chromium.OpenPeerAsync();
        var session = new OurChromiumSession(browser, new PeerConnection(new PeerConnectionOptions { LocalAddresses = chromium.TestHosts }), oursSends);
        try
        {
            await browser.CreatePeerConnectionAsync();
            var offer = session._ours.CreateOffer();
            session._ours.SetLocalDescription(offer);
            await browser.SetRemoteDescriptionAsync(new SessionDescriptionInit(offer.TypeName, offer.Sdp));
            var answer = await browser.CreateAnswerAsync();
            await browser.SetLocalDescriptionAsync(answer);
            session._ours.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Answer, answer.Sdp));
            await Transfers.WaitOpenAsync(session._channel);
            await browser.WaitForChannelStateAsync(Transfers.Label, "open", Transfers.Timeout);
            return session;
        }
        catch
        {
            await session.DisposeAsync();
            throw;
        }
    }

    public async Task<Delivery> RunAsync(int count, int size)
    {
        if (_oursSends)
        {
            await OurSender.SendAsync(_channel, count, size, Transfers.Timeout);
            return Transfers.ToDelivery(await _browser.WaitForMessagesAsync(Transfers.Label, count, Transfers.Timeout));
        }

        var receiver = new OurReceiver(_channel, count);
        await _browser.SendNumberedAsync(Transfers.Label, count, size, binary: true, Transfers.Timeout);
        try
        {
            return await receiver.WaitAsync(Transfers.Timeout);
        }
        catch (TimeoutException e)
        {
            throw new TimeoutException($"C# receiver got {receiver.Describe()}", e);
        }
    }

    public IReadOnlyList<OurEndStats> OurEnds() =>
        OurEndStats.Of(_ours) is { } stats ? [stats] : [];

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _ourCandidates.Writer.TryComplete();
        await _ours.DisposeAsync();
        await _browser.DisposeAsync();
        try
        {
            await Task.WhenAll(_relays);
        }
        catch (Exception e) when (e is OperationCanceledException or InvalidOperationException or TimeoutException)
        {
            // The relays end with the session; a candidate in flight when the page closed is of no interest.
        }

        _stop.Dispose();
    }
}
