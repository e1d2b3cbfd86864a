using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.WebRtc.IntegrationTests.PeerConnections;

/// <summary>ICE restart between two of our peers on 127.0.0.1.</summary>
public sealed class PeerConnectionRestartTests
{
    [Fact]
    public async Task RestartIce_OffererReoffers_NewCredentialsAndDataKeepsFlowing()
    {
        await using var peers = new LoopbackPeers();
        var local = peers.Offerer.CreateDataChannel("steady");
        peers.Negotiate();
        var remote = await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
        await LoopbackPeers.WaitOpenAsync(local);
        await LoopbackPeers.WaitForStateAsync(peers.Offerer, RtcPeerConnectionState.Connected);
        var messages = LoopbackPeers.Collect(remote);
        var firstOffererUfrag = peers.Offerer.IceAgent!.LocalCredentials.Ufrag;
        var firstAnswererUfrag = peers.Answerer.IceAgent!.LocalCredentials.Ufrag;
        var reselected = NextSelection(peers.Offerer.IceAgent!);

        peers.Offerer.RestartIce();
        peers.Negotiate();
        await reselected.WaitAsync(LoopbackPeers.Timeout);
        local.Send("after restart");
        var message = await messages.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);

        Assert.Equal("after restart", message.Text);
        Assert.NotEqual(firstOffererUfrag, peers.Offerer.IceAgent!.LocalCredentials.Ufrag);
        Assert.NotEqual(firstAnswererUfrag, peers.Answerer.IceAgent!.LocalCredentials.Ufrag);
        Assert.Equal(peers.Answerer.IceAgent!.LocalCredentials, peers.Offerer.IceAgent!.RemoteCredentials);
        Assert.Equal(RtcPeerConnectionState.Connected, peers.Offerer.ConnectionState);
        Assert.Equal(RtcDataChannelState.Open, local.ReadyState);
    }

    [Fact]
    public async Task RestartIce_AnswererReoffers_RolesKeptAndDataKeepsFlowing()
    {
        await using var peers = new LoopbackPeers();
        var local = peers.Offerer.CreateDataChannel("steady");
        peers.Negotiate();
        var remote = await peers.IncomingAtAnswerer.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);
        await LoopbackPeers.WaitForStateAsync(peers.Answerer, RtcPeerConnectionState.Connected);
        var messages = LoopbackPeers.Collect(local);
        var firstUfrag = peers.Offerer.IceAgent!.LocalCredentials.Ufrag;
        var reselected = NextSelection(peers.Answerer.IceAgent!);

        peers.Answerer.RestartIce();
        peers.NegotiateReverse();
        await reselected.WaitAsync(LoopbackPeers.Timeout);
        remote.Send("after reverse restart");
        var message = await messages.Reader.ReadAsync().AsTask().WaitAsync(LoopbackPeers.Timeout);

        Assert.Equal("after reverse restart", message.Text);
        Assert.Contains("a=setup:passive", peers.Offerer.LocalDescription!.Sdp, StringComparison.Ordinal);
        Assert.Contains("a=setup:active", peers.Answerer.LocalDescription!.Sdp, StringComparison.Ordinal);
        Assert.NotEqual(firstUfrag, peers.Offerer.IceAgent!.LocalCredentials.Ufrag);
        Assert.Equal(Tandem.WebRtc.Dtls.DtlsRole.Server, peers.Offerer.DtlsRole);
        Assert.Equal(RtcPeerConnectionState.Connected, peers.Answerer.ConnectionState);
    }

    /// <summary>Completes when the agent, already connected, selects a pair again (the restarted generation).</summary>
    internal static Task NextSelection(IceAgent agent)
    {
        var done = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        agent.SelectedPairChanged += _ => done.TrySetResult();
        return done.Task;
    }
}
