using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>
/// The configurable timings of a controlling agent (<see cref="IceSettings.Ta"/>,
/// <see cref="IceSettings.InitialRto"/>, <see cref="IceSettings.NominationDelay"/>), against
/// hand-driven peers, on a fake clock advanced 1 ms at a time.
/// </summary>
public sealed class IceAgentTimingTests : IDisposable
{
    private const string PeerPassword = "peer-password-0123456789";
    private static readonly TimeSpan Ms = TimeSpan.FromMilliseconds(1);
    private readonly FakeTimeProvider _time = new();
    private readonly FakeIceNetwork _network = new();
    private IceAgent? _agent;

    [Fact]
    public void Checks_ThreePairs_FirstAtOnceThenOnePerConfiguredTa()
    {
        var peers = Enumerable.Range(0, 3).Select(i => new Peer(this, $"10.0.0.{20 + i}", answer: false)).ToArray();
        var agent = Start(new IceAgentOptions { Settings = new IceSettings { Ta = TimeSpan.FromMilliseconds(30), InitialRto = TimeSpan.FromSeconds(5) } });

        foreach (var peer in peers)
        {
            agent.AddRemoteCandidate(peer.Candidate(priority: 1000));
        }

        Run(TimeSpan.FromMilliseconds(200));

        var sentAt = peers.SelectMany(p => p.Requests).Select(r => r.At.TotalMilliseconds).Order();
        Assert.Equal([0, 30, 60], sentAt);
    }

    [Fact]
    public void Retransmit_NoAnswer_SameRequestAtConfiguredRtoDoubling()
    {
        var peer = new Peer(this, "10.0.0.20", answer: false);
        var agent = Start(new IceAgentOptions { Settings = new IceSettings { Ta = TimeSpan.FromMilliseconds(10), InitialRto = TimeSpan.FromMilliseconds(70) } });

        agent.AddRemoteCandidate(peer.Candidate(priority: 1000));
        Run(TimeSpan.FromMilliseconds(600));

        Assert.Equal([0, 70, 210, 490], peer.Requests.Select(r => r.At.TotalMilliseconds));
        Assert.Single(peer.Requests.Select(r => r.Id).Distinct());
    }

    [Fact]
    public void Nomination_BetterPairStillPending_NominatesBestValidAfterConfiguredDelay()
    {
        var better = new Peer(this, "10.0.0.20", answer: false);
        var worse = new Peer(this, "10.0.0.21", answer: true);
        var agent = Start(new IceAgentOptions { Settings = new IceSettings { Ta = TimeSpan.FromMilliseconds(20), NominationDelay = TimeSpan.FromMilliseconds(300) } });

        agent.AddRemoteCandidate(better.Candidate(priority: 2000));
        agent.AddRemoteCandidate(worse.Candidate(priority: 1000));
        Run(TimeSpan.FromMilliseconds(600));

        // The worse pair is checked one Ta after the better one and succeeds at once (20 ms).
        var validAt = worse.Requests[0].At;
        var nomination = Assert.Single(worse.Requests, r => r.UseCandidate);
        Assert.Equal(TimeSpan.FromMilliseconds(20), validAt);
        Assert.Equal(validAt + TimeSpan.FromMilliseconds(300), nomination.At);
        Assert.DoesNotContain(better.Requests, r => r.UseCandidate);
        Assert.Equal(worse.EndPoint, agent.SelectedPair!.RemoteEndPoint);
    }

    [Fact]
    public void Nomination_BetterPairSucceedsWithinDelay_BetterPairNominatedAtOnce()
    {
        var better = new Peer(this, "10.0.0.20", answer: true) { DropFirst = 1 };
        var worse = new Peer(this, "10.0.0.21", answer: true);
        var agent = Start(new IceAgentOptions
        {
            Settings = new IceSettings { Ta = TimeSpan.FromMilliseconds(20), InitialRto = TimeSpan.FromMilliseconds(100), NominationDelay = TimeSpan.FromMilliseconds(300) },
        });

        agent.AddRemoteCandidate(better.Candidate(priority: 2000));
        agent.AddRemoteCandidate(worse.Candidate(priority: 1000));
        Run(TimeSpan.FromMilliseconds(600));

        // The better pair's first check is lost; its retransmission (100 ms) succeeds within the delay and
        // wins: nominated at once, since the last new check went out more than a Ta before.
        var nomination = Assert.Single(better.Requests, r => r.UseCandidate);
        Assert.Equal(TimeSpan.FromMilliseconds(100), nomination.At);
        Assert.DoesNotContain(worse.Requests, r => r.UseCandidate);
        Assert.Equal(better.EndPoint, agent.SelectedPair!.RemoteEndPoint);
        Assert.Equal(IceConnectionState.Connected, agent.ConnectionState);
    }

    [Fact]
    public void Nomination_NoBetterPairPending_NominatedOneTaAfterSuccessNotAfterDelay()
    {
        var peer = new Peer(this, "10.0.0.20", answer: true);
        var agent = Start(new IceAgentOptions { Settings = new IceSettings { Ta = TimeSpan.FromMilliseconds(20), NominationDelay = TimeSpan.FromSeconds(1) } });

        agent.AddRemoteCandidate(peer.Candidate(priority: 1000));
        Run(TimeSpan.FromMilliseconds(100));

        Assert.Equal([(0.0, false), (20.0, true)], peer.Requests.Select(r => (r.At.TotalMilliseconds, r.UseCandidate)));
        Assert.Equal(IceConnectionState.Connected, agent.ConnectionState);
    }

    public void Dispose() => _agent?.Dispose();

    private TimeSpan Now { get; set; }

    private IceAgent Start(IceAgentOptions options)
    {
        _agent = new IceAgent(options with { Role = IceRole.Controlling, TimeProvider = _time }, _network.CreateHost(IPAddress.Parse("10.0.0.1")));
        _agent.SetRemoteCredentials(new IceCredentials("peer", PeerPassword));
        _agent.StartGathering();
        return _agent;
    }

    private void Run(TimeSpan duration)
    {
        _network.Flush();
        for (var elapsed = TimeSpan.Zero; elapsed < duration; elapsed += Ms)
        {
            _time.Advance(Ms);
            Now += Ms;
            _network.Flush();
        }
    }

    /// <summary>A peer's host candidate: records each request it gets (when, by the test clock) and answers it when told to.</summary>
    private sealed class Peer
    {
        private readonly IceAgentTimingTests _test;
        private readonly bool _answer;

        public Peer(IceAgentTimingTests test, string address, bool answer)
        {
            _test = test;
            _answer = answer;
            EndPoint = new IPEndPoint(IPAddress.Parse(address), 9000);
            _test._network.Bind(EndPoint.Address, EndPoint.Port).Start(OnDatagram);
        }

        public IPEndPoint EndPoint { get; }

        public int DropFirst { get; init; }

        public List<(TimeSpan At, StunTransactionId Id, bool UseCandidate)> Requests { get; } = [];

        public string Candidate(uint priority) => $"candidate:{EndPoint.Address.GetHashCode()} 1 udp {priority} {EndPoint.Address} {EndPoint.Port} typ host";

        private void OnDatagram(IIceSocket socket, ReadOnlySpan<byte> data, SocketAddress from)
        {
            if (!StunMessage.TryParse(data, out var request) || request.Class != StunClass.Request)
            {
                return;
            }

            Requests.Add((_test.Now, request.TransactionId, request.HasUseCandidate));
            if (!_answer || Requests.Count <= DropFirst)
            {
                return;
            }

            FakeIceSocket.AnswerSigned(socket, request.TransactionId, from, PeerPassword);
        }
    }
}
