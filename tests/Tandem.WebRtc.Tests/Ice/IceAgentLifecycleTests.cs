using System.Net;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

public class IceAgentLifecycleTests
{
    [Theory]
    [InlineData(IceRole.Controlling)]
    [InlineData(IceRole.Controlled)]
    public void Connect_BothSameRole_ResolvesConflictAndConnects(IceRole role)
    {
        using var h = new IceAgentHarness(role, role);
        h.Signal();

        h.Run(TimeSpan.FromSeconds(3));

        Assert.NotEqual(h.A.Role, h.B.Role);
        var controlling = h.A.Role == IceRole.Controlling ? h.A : h.B;
        var controlled = h.A.Role == IceRole.Controlling ? h.B : h.A;
        Assert.True(controlling.TieBreaker >= controlled.TieBreaker || role == IceRole.Controlled);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        Assert.Equal(h.A.SelectedPair!.Local.Port, h.B.SelectedPair!.Remote.Port);
    }

    [Fact]
    public void Consent_PeerGoesSilent_DisconnectedThenFailedAndSendingStops()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        var states = new List<IceConnectionState>();
        h.A.ConnectionStateChanged += states.Add;
        h.Network.DropFilter = (from, _, _) => from.Address.Equals(IceAgentHarness.AddressB);

        h.Run(TimeSpan.FromSeconds(6));
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        h.Run(TimeSpan.FromSeconds(4));
        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);
        h.Run(TimeSpan.FromSeconds(21));

        Assert.Equal([IceConnectionState.Disconnected, IceConnectionState.Failed], states);
        Assert.True(h.A.GetStats().ConsentRequestsSent >= 10);
        var sentBefore = h.A.GetStats().PacketsSent;
        h.A.Transport.SendAsync(new byte[] { 0x80, 0 });
        Assert.Equal(sentBefore, h.A.GetStats().PacketsSent);
    }

    [Fact]
    public void Consent_AnswersResumeWhileDisconnected_BackToConnected()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        h.Network.DropFilter = (from, _, _) => from.Address.Equals(IceAgentHarness.AddressB);
        h.Run(TimeSpan.FromSeconds(10));
        Assert.Equal(IceConnectionState.Disconnected, h.A.ConnectionState);

        h.Network.DropFilter = null;
        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
    }

    [Fact]
    public void Consent_HealthyPeer_StaysConnectedForAMinute()
    {
        using var h = new IceAgentHarness();
        h.Signal();

        h.Run(TimeSpan.FromSeconds(60));

        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        Assert.InRange(h.A.GetStats().ConsentRequestsSent, 9, 15);
    }

    [Fact]
    public void RestartIce_BothSides_DataKeepsFlowingAndNewPairSelected()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        var received = 0;
        h.B.Transport.Received += _ => received++;
        var reselectedA = 0;
        var reselectedB = 0;
        h.A.SelectedPairChanged += _ => reselectedA++;
        h.B.SelectedPairChanged += _ => reselectedB++;
        var oldA = h.A.LocalCredentials;

        var (newA, _) = h.Restart();
        h.Run(TimeSpan.FromSeconds(2), () => h.A.Transport.SendAsync(new byte[] { 0x80, 1 }));

        Assert.NotEqual(oldA, newA);
        Assert.Equal(200, received);
        Assert.Equal(1, reselectedA);
        Assert.Equal(1, reselectedB);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        Assert.All(h.A.CandidatePairs, p => Assert.NotEqual(IceCandidatePairState.Failed, p.State));
    }

    [Fact]
    public void RestartIce_OldCredentialsAfterNewPairSelected_Rejected401()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        var oldA = h.A.LocalCredentials;
        h.Restart();
        h.Run(TimeSpan.FromSeconds(2));
        var probe = h.Network.Bind(IceAgentHarness.AddressB, 50000);
        var responses = new List<int>();
        probe.Start((_, data, _) =>
        {
            Assert.True(StunMessage.TryParse(data, out var message));
            responses.Add(message.TryGetErrorCode(out var code, out _) ? code : 0);
        });

        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddUsername($"{oldA.Ufrag}:x");
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey(oldA.Password));
        writer.AddFingerprint();
        probe.Send(writer.Written, h.A.LocalCandidates[0].EndPoint!.Serialize());
        h.Network.Flush();

        Assert.Equal([StunErrorCodes.Unauthorized], responses);
    }

    [Fact]
    public void Gathering_WithStunServer_AddsServerReflexiveCandidate()
    {
        var server = new IPEndPoint(IPAddress.Parse("10.0.0.200"), 3478);
        var mapped = new IPEndPoint(IPAddress.Parse("203.0.113.5"), 61000);
        using var h = new IceAgentHarness(configure: o => o with { StunServers = [server] });
        var stun = h.Network.Bind(server.Address, server.Port);
        stun.Start((socket, data, from) =>
        {
            Assert.True(StunMessage.TryParse(data, out var request));
            Span<byte> buffer = stackalloc byte[64];
            var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, request.TransactionId);
            writer.AddXorMappedAddress(mapped);
            socket.Send(writer.Written, from);
        });
        var gathered = new List<IceCandidate>();
        h.A.LocalCandidateGathered += gathered.Add;

        var done = h.A.GatherAsync();
        h.Run(TimeSpan.FromMilliseconds(50));

        Assert.True(done.IsCompletedSuccessfully);
        Assert.Equal([IceCandidateType.Host, IceCandidateType.ServerReflexive], gathered.Select(c => c.Type));
        Assert.Equal(mapped, gathered[1].EndPoint);
        Assert.Equal(gathered[0].Address, gathered[1].RelatedAddress);
        Assert.Equal(gathered[0].Port, gathered[1].RelatedPort);
    }

    [Fact]
    public void Gathering_StunServerSilent_CompletesAfterTimeout()
    {
        var server = new IPEndPoint(IPAddress.Parse("10.0.0.200"), 3478);
        using var h = new IceAgentHarness(configure: o => o with { StunServers = [server] });
        var done = h.A.GatherAsync();

        h.Run(TimeSpan.FromSeconds(2));
        Assert.False(done.IsCompleted);
        h.Run(TimeSpan.FromSeconds(1.1));

        Assert.True(done.IsCompletedSuccessfully);
        Assert.Single(h.A.LocalCandidates);
    }

    [Fact]
    public void Dispose_Connected_ClosedAndPeerEventuallyFails()
    {
        using var h = new IceAgentHarness(configure: o => o with { Settings = o.Settings with { DisconnectedTimeout = TimeSpan.FromSeconds(2), ConsentTimeout = TimeSpan.FromSeconds(4) } });
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));

        h.B.Dispose();
        h.Run(TimeSpan.FromSeconds(6));

        Assert.Equal(IceConnectionState.Closed, h.B.ConnectionState);
        Assert.Equal(IceConnectionState.Failed, h.A.ConnectionState);
    }
}
