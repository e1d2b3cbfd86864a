using Tandem.WebRtc.IntegrationTests.Browser;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

public sealed partial class ChromiumPeerConnectionTests
{
    /// <summary>
    /// RFC 8445 §9 restart started by Chromium: its new ports check us with our previous ufrag (before
    /// and after our answer) and nominate that way; our side must follow and keep the data flowing
    /// once Chromium has let go of the previous generation.
    /// </summary>
    [Fact]
    public async Task RestartIce_ChromiumReoffers_NewPairSelectedAndDataKeepsFlowing()
    {
        await using var session = await ChromiumSession.OpenAsync(chromium);
        await session.Browser.CreateDataChannelAsync("steady");
        await session.OfferFromChromiumAsync();
        var theirs = await session.NextIncomingAsync();
        await LoopbackPeers.WaitOpenAsync(theirs);
        await LoopbackPeers.WaitForStateAsync(session.Ours, RtcPeerConnectionState.Connected);
        await session.Browser.WaitForConnectionStateAsync("connected");
        var ice = session.Ours.IceAgent!;
        var firstRemoteUfrag = ice.RemoteCredentials!.Ufrag;
        var firstLocalUfrag = ice.LocalCredentials.Ufrag;
        var received = LoopbackPeers.Collect(theirs);
        var reselected = PeerConnectionRestartTests.NextSelection(ice);

        await session.Browser.RestartIceAsync();
        await session.OfferFromChromiumAsync();
        await WaitOrExplainAsync(reselected, session);
        var newRemoteUfrag = ice.RemoteCredentials!.Ufrag;
        await session.Browser.WaitForStatsAsync(
            s => s.OfType("transport").Any(t => BrowserStats.Text(t, "iceLocalUsernameFragment") == newRemoteUfrag
                && BrowserStats.Text(t, "iceState") == "connected"),
            "Chromium's restarted ICE session to connect");
        await session.Browser.SendTextAsync("steady", "from chromium after its restart");
        theirs.Send("from us after chromium's restart");
        await session.Browser.WaitForMessagesAsync("steady", 1);
        var atBrowser = await session.Browser.GetReceivedAsync("steady", 1);
        var atUs = await received.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);

        Assert.NotEqual(firstRemoteUfrag, newRemoteUfrag);
        Assert.NotEqual(firstLocalUfrag, ice.LocalCredentials.Ufrag);
        Assert.Equal("from chromium after its restart", atUs.Text);
        Assert.Equal("from us after chromium's restart", atBrowser.Last[0].Data);
        Assert.Equal(RtcPeerConnectionState.Connected, session.Ours.ConnectionState);
        Assert.Equal("connected", (await session.Browser.GetStateAsync()).ConnectionState);
    }
}
