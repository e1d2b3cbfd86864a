using Tandem.WebRtc.PeerConnections;
using Tandem.WebRtc.Sdp;
using Tandem.WebRtc.Tests.Sdp;

namespace Tandem.WebRtc.Tests.PeerConnections;

/// <summary>Signaling rules that need no socket: nothing here sets a local description (which starts gathering).</summary>
public sealed class PeerConnectionSignalingTests
{
    [Fact]
    public async Task CreateAnswer_WithoutRemoteOffer_Throws()
    {
        await using var pc = new PeerConnection();

        Assert.Throws<InvalidOperationException>(pc.CreateAnswer);
    }

    [Fact]
    public async Task SetRemoteDescription_AnswerInStableState_Throws()
    {
        await using var pc = new PeerConnection();
        var answer = new RtcSessionDescriptionInit(RtcSdpType.Answer, SdpTestData.Load(SdpTestData.DataChannelAnswer));

        Assert.Throws<InvalidOperationException>(() => pc.SetRemoteDescription(answer));
    }

    [Fact]
    public async Task SetRemoteDescription_Garbage_ThrowsArgumentException()
    {
        await using var pc = new PeerConnection();

        Assert.Throws<ArgumentException>(() => pc.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Offer, "nonsense")));
        Assert.Equal(RtcSignalingState.Stable, pc.SignalingState);
    }

    [Fact]
    public async Task CreateAnswer_ToChromiumOffer_IsActiveWithOurCredentials()
    {
        await using var pc = new PeerConnection();
        var states = new List<RtcSignalingState>();
        pc.SignalingStateChanged += states.Add;

        pc.SetRemoteDescription(new RtcSessionDescriptionInit(RtcSdpType.Offer, SdpTestData.Load(SdpTestData.AvDataChannelOffer)));
        var answer = pc.CreateAnswer();

        Assert.True(SdpSessionDescription.TryParse(answer.Sdp, out var sdp, out _));
        var data = Assert.Single(sdp.Media, RemoteParameters.IsDataSection);
        Assert.Equal(SdpSetup.Active, data.Setup);
        Assert.Equal(pc.IceAgent!.LocalCredentials.Ufrag, data.IceUfrag);
        Assert.Equal(Tandem.WebRtc.Ice.IceRole.Controlled, pc.IceAgent.Role);
        Assert.Equal([RtcSignalingState.HaveRemoteOffer], states);
        Assert.Equal("answer", answer.TypeName);
    }

    [Fact]
    public async Task CreateOffer_Twice_IncrementsSessionVersionKeepsCredentials()
    {
        await using var pc = new PeerConnection();

        Assert.True(SdpSessionDescription.TryParse(pc.CreateOffer().Sdp, out var first, out _));
        Assert.True(SdpSessionDescription.TryParse(pc.CreateOffer().Sdp, out var second, out _));

        Assert.Equal(first.Origin.SessionId, second.Origin.SessionId);
        Assert.Equal(first.Origin.SessionVersion + 1, second.Origin.SessionVersion);
        Assert.Equal(first.Media[0].IceUfrag, second.Media[0].IceUfrag);
        Assert.Equal(SdpSetup.ActPass, second.Media[0].Setup);
    }

    [Fact]
    public async Task AddIceCandidate_BeforeRemoteDescription_IsQueuedNotRejected()
    {
        await using var pc = new PeerConnection();

        Assert.True(pc.AddIceCandidate("candidate:1 1 udp 2122260223 10.77.0.1 40000 typ host", "0", 0));
        Assert.Equal(RtcPeerConnectionState.New, pc.ConnectionState);
    }

    [Fact]
    public async Task Close_Twice_StateClosedAndFurtherCallsThrow()
    {
        var pc = new PeerConnection();
        var states = new List<RtcPeerConnectionState>();
        pc.ConnectionStateChanged += states.Add;

        pc.Close();
        await pc.DisposeAsync();

        Assert.Equal([RtcPeerConnectionState.Closed], states);
        Assert.Equal(RtcSignalingState.Closed, pc.SignalingState);
        Assert.Throws<ObjectDisposedException>(pc.CreateOffer);
        Assert.False(pc.AddIceCandidate("candidate:1 1 udp 1 10.0.0.1 1 typ host"));
    }
}
