using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>A controlled agent with two host candidates, checked by a hand-driven aggressive peer.</summary>
public sealed class IceAgentNominationTests : IDisposable
{
    private const string PeerPassword = "peer-password-0123456789";
    private readonly FakeTimeProvider _time = new();
    private readonly FakeIceNetwork _network = new();
    private readonly IceAgent _agent;
    private readonly FakeIceSocket _peer;

    public IceAgentNominationTests()
    {
        _agent = new IceAgent(
            new IceAgentOptions { Role = IceRole.Controlled, TimeProvider = _time },
            _network.CreateHost(IPAddress.Parse("10.0.0.1"), IPAddress.Parse("10.0.0.3")));
        _agent.SetRemoteCredentials(new IceCredentials("peer", PeerPassword));
        _agent.StartGathering();
        _peer = _network.Bind(IPAddress.Parse("10.0.0.9"), 9000);
        _peer.Start(AnswerChecks);
    }

    [Theory]
    [InlineData(0, 1)]
    [InlineData(1, 0)]
    public void AggressiveNomination_TwoPairsNominated_HighestPrioritySelected(int first, int second)
    {
        Nominate(first);
        Nominate(second);

        var best = _agent.CandidatePairs.MaxBy(p => p.Priority)!;
        Assert.Equal(2, _agent.CandidatePairs.Count(p => p.Nominated));
        Assert.Same(best, _agent.SelectedPair);
        Assert.Equal(_agent.LocalCandidates[0], best.Local);
        Assert.Equal(IceConnectionState.Connected, _agent.ConnectionState);
    }

    public void Dispose() => _agent.Dispose();

    private void Nominate(int localIndex)
    {
        Span<byte> buffer = stackalloc byte[160];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, StunTransactionId.NewId());
        writer.AddUsername($"{_agent.LocalCredentials.Ufrag}:peer");
        writer.AddPriority(1845501695);
        writer.AddIceControlling(42);
        writer.AddUseCandidate();
        writer.AddMessageIntegrity(StunCredentials.ShortTermKey(_agent.LocalCredentials.Password));
        writer.AddFingerprint();
        _peer.Send(writer.Written, _agent.LocalCandidates[localIndex].EndPoint!.Serialize());
        for (var i = 0; i < 20; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _network.Flush();
        }
    }

    /// <summary>The peer answers every check from the agent, signed with its password.</summary>
    private static void AnswerChecks(IIceSocket socket, ReadOnlySpan<byte> data, SocketAddress from)
    {
        if (!StunMessage.TryParse(data, out var request) || request.Class != StunClass.Request)
        {
            return;
        }

        FakeIceSocket.AnswerSigned(socket, request.TransactionId, from, PeerPassword);
    }
}
