using System.Net;
using System.Security.Cryptography.X509Certificates;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;
using Tandem.WebRtc.Tests.Turn;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Tests.Ice;

public class IceAgentRelayTests
{
    private static readonly TurnServer Server = new()
    {
        Url = "turn:203.0.113.1:3478",
        Host = "203.0.113.1",
        Port = 3478,
        Transport = TurnTransport.Udp,
        Username = TurnAllocationHarness.Username,
        Password = TurnAllocationHarness.Password,
    };

    private static readonly byte[] Key = StunCredentials.LongTermKey(TurnAllocationHarness.Username, FakeTurnConnection.Realm, TurnAllocationHarness.Password);

    [Fact]
    public void RelayPolicy_Allocated_OnlyTheRelayedCandidateIsGathered()
    {
        var (agent, sockets, turn) = Create(IceTransportPolicy.Relay);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.StartGathering();
        Assert.Equal(0, sockets.Bound);
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);

        var candidate = Assert.Single(gathered);
        Assert.Equal(IceCandidateType.Relayed, candidate.Type);
        Assert.Equal("203.0.113.1", candidate.Address);
        Assert.Equal(49200, candidate.Port);
        Assert.Equal("198.51.100.2", candidate.RelatedAddress);
        Assert.Equal(61000, candidate.RelatedPort);
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
    }

    [Fact]
    public void AllPolicy_HostAndRelayedCandidates_GatheringWaitsForTheAllocation()
    {
        var (agent, sockets, turn) = Create(IceTransportPolicy.All);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.StartGathering();
        Assert.Equal(1, sockets.Bound);
        Assert.Equal(IceGatheringState.Gathering, agent.GatheringState);
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);

        Assert.Equal([IceCandidateType.Host, IceCandidateType.Relayed], gathered.Select(c => c.Type));
        Assert.True(gathered[0].Priority > gathered[1].Priority, "host must outrank relayed (RFC 8445 §5.1.2.2)");
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
    }

    [Fact]
    public void RelayPolicy_CredentialsRefused_IceFailsWithTheTurnError()
    {
        var (agent, _, turn) = Create(IceTransportPolicy.Relay);
        var errors = new List<TurnError>();
        agent.CandidateError += errors.Add;
        agent.SetRemoteCredentials(IceCredentials.Generate());

        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-2");

        var error = Assert.Single(errors);
        Assert.Contains("refused the credentials", error.Message, StringComparison.Ordinal);
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
        Assert.Equal(IceConnectionState.Failed, agent.ConnectionState);
        Assert.Equal(error, Assert.Single(agent.CandidateErrors));
    }

    [Fact]
    public void RelayedPair_CheckGoesThroughTheAllocationToThePeer()
    {
        var (agent, _, turn) = Create(IceTransportPolicy.Relay);
        agent.SetRemoteCredentials(IceCredentials.Generate());
        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);

        agent.AddRemoteCandidate("candidate:1 1 udp 16777215 203.0.113.1 50000 typ relay raddr 198.51.100.9 rport 3000");

        // The check waits for the permission, then leaves as a Send indication to the peer.
        Assert.True(StunMessage.TryParse(turn.LastRequest(StunMethod.CreatePermission), out _));
        turn.AnswerSuccess(turn.LastRequest(StunMethod.CreatePermission), Key);
        var indication = turn.Sent.Last(f => StunMessage.TryParse(f, out var m) && m.Method == StunMethod.Send);
        Assert.True(StunMessage.TryParse(indication, out var send));
        Assert.True(send.TryGetXorPeerAddress(out var peer));
        Assert.Equal(new IPEndPoint(IPAddress.Parse("203.0.113.1"), 50000), peer);
        Assert.True(send.TryGetData(out var data));
        Assert.True(StunMessage.TryParse(data, out var check));
        Assert.Equal(StunMethod.Binding, check.Method);
        Assert.Equal(StunClass.Request, check.Class);
    }

    [Fact]
    public void RestartIce_AllocationLive_ReusedAndItsRelayedCandidateRaisedAgain()
    {
        var (agent, sockets, turn) = Create(IceTransportPolicy.Relay);
        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.RestartIce();

        var candidate = Assert.Single(gathered);
        Assert.Equal((IceCandidateType.Relayed, 49200), (candidate.Type, candidate.Port));
        Assert.Single(sockets.Turns);
        Assert.Equal(2, turn.Count(StunMethod.Allocate));
        Assert.False(turn.IsDisposed);
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
    }

    [Fact]
    public void RestartIce_AllocationLostToSilentServer_NewAllocationReplacesTheRelayedCandidate()
    {
        var (agent, sockets, turn) = Create(IceTransportPolicy.Relay);
        var time = (FakeTimeProvider)sockets.Time;
        var errors = new List<TurnError>();
        agent.CandidateError += errors.Add;
        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key, lifetime: 60);

        // RFC 8656 §8: the Refresh goes at 30 s; unanswered, its transaction times out (RFC 8489 §6.2.1) and the allocation is lost.
        Advance(time, TimeSpan.FromSeconds(80));
        Assert.True(turn.Count(StunMethod.Refresh) > 0, "no Refresh was sent");
        Assert.Contains("stopped answering", Assert.Single(errors).Message, StringComparison.Ordinal);
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;

        agent.RestartIce();

        Assert.Empty(gathered);
        Assert.Equal(IceGatheringState.Gathering, agent.GatheringState);
        Assert.Equal(2, sockets.Turns.Count);
        var next = sockets.Turns[1];
        next.AnswerUnauthorized(next.LastRequest(StunMethod.Allocate), "nonce-2");
        next.AnswerSuccess(next.LastRequest(StunMethod.Allocate), Key, relayed: new IPEndPoint(IPAddress.Parse("203.0.113.1"), 49201));

        var candidate = Assert.Single(gathered);
        Assert.Equal((IceCandidateType.Relayed, 49201), (candidate.Type, candidate.Port));
        Assert.Equal([49201], agent.LocalCandidates.Select(c => c.Port));
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
    }

    [Fact]
    public void RestartIce_AllocationLostAndServerStillSilent_GatheringCompletesAtTheTurnDeadline()
    {
        var (agent, sockets, turn) = Create(IceTransportPolicy.Relay);
        var time = (FakeTimeProvider)sockets.Time;
        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);
        turn.Break("connection reset by peer");

        agent.RestartIce();
        Advance(time, new IceSettings().TurnServerTimeout - TimeSpan.FromSeconds(1));
        Assert.Equal(IceGatheringState.Gathering, agent.GatheringState);
        Advance(time, TimeSpan.FromSeconds(2));

        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
        Assert.Empty(agent.LocalCandidates);
        Assert.True(turn.IsDisposed);
    }

    [Fact]
    public void Dispose_Allocated_DeletesTheAllocationOnTheServer()
    {
        var (agent, _, turn) = Create(IceTransportPolicy.Relay);
        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);

        agent.Dispose();

        // RFC 8656 §7: a Refresh with LIFETIME 0 deletes the allocation; the link closes once it is answered.
        Assert.True(StunMessage.TryParse(turn.LastRequest(StunMethod.Refresh), out var refresh));
        Assert.True(refresh.TryGetLifetime(out var lifetime));
        Assert.Equal(0u, lifetime);
        Assert.True(refresh.VerifyMessageIntegrity(Key));
        Assert.False(turn.IsDisposed);
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Refresh), Key);
        Assert.True(turn.IsDisposed);
    }

    [Fact]
    public void SlowTurnServer_GatheringCompletesWithoutIt_RelayedCandidateTrickledWhenAllocated()
    {
        var (agent, sockets, turn) = Create(IceTransportPolicy.All);
        var time = (FakeTimeProvider)sockets.Time;
        var gathered = new List<IceCandidate>();
        agent.LocalCandidateGathered += gathered.Add;
        agent.StartGathering();
        turn.AnswerUnauthorized(turn.LastRequest(StunMethod.Allocate), "nonce-1");

        Advance(time, new IceSettings().TurnServerTimeout + TimeSpan.FromMilliseconds(100));
        Assert.Equal(IceGatheringState.Complete, agent.GatheringState);
        Assert.Equal([IceCandidateType.Host], gathered.Select(c => c.Type));
        turn.AnswerSuccess(turn.LastRequest(StunMethod.Allocate), Key);

        Assert.Equal([IceCandidateType.Host, IceCandidateType.Relayed], gathered.Select(c => c.Type));
        Assert.Contains(agent.LocalCandidates, c => c.Type == IceCandidateType.Relayed);
    }

    /// <summary>Moves the fake clock in 100 ms steps, so every timer on the way fires in order.</summary>
    private static void Advance(FakeTimeProvider time, TimeSpan by)
    {
        for (var left = by; left > TimeSpan.Zero; left -= TimeSpan.FromMilliseconds(100))
        {
            time.Advance(TimeSpan.FromMilliseconds(100));
        }
    }

    private static (IceAgent Agent, CountingFactory Sockets, FakeTurnConnection Turn) Create(IceTransportPolicy policy)
    {
        var network = new FakeIceNetwork();
        var time = new FakeTimeProvider();
        var sockets = new CountingFactory(network, time);
        var agent = new IceAgent(
            new IceAgentOptions { TurnServers = [Server], TransportPolicy = policy, TimeProvider = time },
            sockets);
        return (agent, sockets, sockets.Turns[0]);
    }

    /// <summary>Counts host sockets; every TURN link is a new <see cref="FakeTurnConnection"/> (the first exists up front).</summary>
    private sealed class CountingFactory(FakeIceNetwork network, TimeProvider time) : IIceSocketFactory
    {
        private int _connected;

        public int Bound { get; private set; }

        public TimeProvider Time { get; } = time;

        public List<FakeTurnConnection> Turns { get; } = [new FakeTurnConnection()];

        public IIceSocket Bind(IPAddress address, int? bufferSize)
        {
            Bound++;
            return network.Bind(address, bufferSize: bufferSize);
        }

        public IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback, bool includeIPv6) => [IPAddress.Parse("192.168.1.2")];

        public ITurnConnection ConnectTurn(TurnServer server, int? bufferSize, X509Certificate2Collection? certificateAuthorities)
        {
            if (_connected++ > 0)
            {
                Turns.Add(new FakeTurnConnection());
            }

            return Turns[^1];
        }
    }
}
