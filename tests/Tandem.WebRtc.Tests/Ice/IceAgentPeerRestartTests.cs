using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Tests.Ice;

/// <summary>
/// A controlled agent whose hand-driven controlling peer restarts ICE the way Chromium does
/// (RFC 8445 §9): its new port checks and nominates with our previous ufrag.
/// </summary>
public sealed class IceAgentPeerRestartTests : IDisposable
{
    private static readonly IceCredentials OldPeer = new("peer", "peer-password-0123456789");
    private static readonly IceCredentials NewPeer = new("peer2", "peer2-password-012345678");
    private readonly FakeTimeProvider _time = new();
    private readonly FakeIceNetwork _network = new();
    private readonly IceAgent _agent;
    private readonly List<(string Username, StunTransactionId Id)> _requests = [];
    private readonly Dictionary<StunTransactionId, int> _responses = [];
    private readonly Dictionary<int, string> _knowsUsAs = [];
    private bool _answer = true;

    public IceAgentPeerRestartTests()
    {
        _agent = new IceAgent(
            new IceAgentOptions { Role = IceRole.Controlled, TimeProvider = _time },
            _network.CreateHost(IPAddress.Parse("10.0.0.1")));
        _agent.SetRemoteCredentials(OldPeer);
        _agent.StartGathering();
    }

    [Fact]
    public void PeerRestart_NominatedWithOurPreviousUfrag_NewPairSelected()
    {
        var oldPort = Bind(9000);
        Check(oldPort, _agent.LocalCredentials, useCandidate: true);
        var oldUs = _agent.LocalCredentials;

        _agent.RestartIce();
        _agent.SetRemoteCredentials(NewPeer);
        var newPort = Bind(9001);
        Check(newPort, oldUs, useCandidate: true);

        Assert.Equal(9001, _agent.SelectedPair!.RemoteEndPoint.Port);
        Assert.Equal(IceConnectionState.Connected, _agent.ConnectionState);
        Assert.Contains(_requests, r => r.Username == $"{NewPeer.Ufrag}:{oldUs.Ufrag}");
    }

    [Fact]
    public void PeerRestart_PreviousUfragAfterNewPairSelected_AnsweredOnSelectedPairOnly()
    {
        Check(Bind(9000), _agent.LocalCredentials, useCandidate: true);
        var oldUs = _agent.LocalCredentials;
        _agent.RestartIce();
        _agent.SetRemoteCredentials(NewPeer);
        var newPort = Bind(9001);
        Check(newPort, oldUs, useCandidate: true);

        Assert.Equal(0, Check(newPort, oldUs, useCandidate: false));
        Assert.Equal(StunErrorCodes.Unauthorized, Check(Bind(9002), oldUs, useCandidate: false));
    }

    [Fact]
    public void RestartIce_CheckInFlight_ResentWithNewUfragAndTransactionId()
    {
        _answer = false;
        var port = Bind(9000);
        Check(port, _agent.LocalCredentials, useCandidate: false);
        var before = _requests[^1];
        var count = _requests.Count;

        var fresh = _agent.RestartIce();
        Run(TimeSpan.FromSeconds(1));

        var resent = _requests.Skip(count).ToList();
        Assert.NotEmpty(resent);
        Assert.All(resent, r => Assert.Equal($"{OldPeer.Ufrag}:{fresh.Ufrag}", r.Username));
        Assert.All(resent, r => Assert.False(r.Id.Equals(before.Id)));
    }

    public void Dispose() => _agent.Dispose();

    private FakeIceSocket Bind(int port)
    {
        var socket = _network.Bind(IPAddress.Parse("10.0.0.9"), port);
        socket.Start(OnPeerReceive);
        return socket;
    }

    /// <summary>Sends a check as the controlling peer; returns the error code answered (0 for success, -1 for none).</summary>
    private int Check(FakeIceSocket from, IceCredentials us, bool useCandidate)
    {
        var id = StunTransactionId.NewId();
        Span<byte> buffer = stackalloc byte[160];
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        writer.AddUsername($"{us.Ufrag}:peer");
        writer.AddPriority(1845501695);
        writer.AddIceControlling(42);
        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(StunCredentials.ShortTermKey(us.Password));
        writer.AddFingerprint();
        _responses.Remove(id);
        _knowsUsAs[from.LocalEndPoint.Port] = us.Ufrag;
        from.Send(writer.Written, _agent.LocalCandidates[0].EndPoint!.Serialize());
        Run(TimeSpan.FromMilliseconds(200));
        return _responses.TryGetValue(id, out var code) ? code : -1;
    }

    private void Run(TimeSpan duration)
    {
        for (var t = TimeSpan.Zero; t < duration; t += TimeSpan.FromMilliseconds(10))
        {
            _time.Advance(TimeSpan.FromMilliseconds(10));
            _network.Flush();
        }
    }

    /// <summary>
    /// The peer answers checks signed for its current generation that name us by the ufrag its port
    /// last checked us with; the rest get a 401 without integrity, as Chromium does.
    /// </summary>
    private void OnPeerReceive(IIceSocket socket, ReadOnlySpan<byte> data, SocketAddress from)
    {
        if (!StunMessage.TryParse(data, out var message))
        {
            return;
        }

        if (message.Class != StunClass.Request)
        {
            _responses[message.TransactionId] = message.TryGetErrorCode(out var code, out _) ? code : 0;
            return;
        }

        Assert.True(message.TryGetUsername(out string? username));
        _requests.Add((username!, message.TransactionId));
        if (!_answer)
        {
            return;
        }

        var current = _agent.RemoteCredentials!;
        Span<byte> buffer = stackalloc byte[128];
        var ok = username! == $"{current.Ufrag}:{_knowsUsAs[socket.LocalEndPoint.Port]}" && message.VerifyMessageIntegrity(current.Key);
        var writer = new StunMessageWriter(buffer, ok ? StunClass.SuccessResponse : StunClass.ErrorResponse, StunMethod.Binding, message.TransactionId);
        if (ok)
        {
            writer.AddXorMappedAddress(new IPEndPoint(IPAddress.Parse("10.0.0.1"), 1));
            writer.AddMessageIntegrity(current.Key);
        }
        else
        {
            writer.AddErrorCode(StunErrorCodes.Unauthorized, "Unauthorized");
        }

        writer.AddFingerprint();
        socket.Send(writer.Written, from);
    }
}
