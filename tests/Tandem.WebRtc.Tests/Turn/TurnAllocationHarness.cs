using System.Net;
using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Stun;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Tests.Turn;

/// <summary>An allocation on a <see cref="FakeTurnConnection"/> and a <see cref="FakeTimeProvider"/>, with what it raised.</summary>
internal sealed class TurnAllocationHarness
{
    public const string Username = "1767225600:glasses_a";
    public const string Password = "c2VjcmV0";
    public static readonly IPEndPoint Peer = new(IPAddress.Parse("203.0.113.1"), 49300);

    public TurnAllocationHarness(bool isStream = false, string? connectFailure = null)
    {
        Connection = new FakeTurnConnection(isStream) { ConnectFailure = connectFailure };
        Server = new TurnServer
        {
            Url = "turn:203.0.113.1:3478",
            Host = "203.0.113.1",
            Port = 3478,
            Transport = isStream ? TurnTransport.Tcp : TurnTransport.Udp,
            Username = Username,
            Password = Password,
        };
        Allocation = new TurnAllocation(Server, Connection, Time);
        Allocation.Allocated += _ => AllocatedCount++;
        Allocation.Failed += (_, error) => Errors.Add(error);
        Allocation.DataHandler = (data, peer) => Received.Add((data.ToArray(), peer));
    }

    public FakeTimeProvider Time { get; } = new(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero));

    public FakeTurnConnection Connection { get; }

    public TurnServer Server { get; }

    public TurnAllocation Allocation { get; }

    public byte[] Key { get; } = StunCredentials.LongTermKey(Username, FakeTurnConnection.Realm, Password);

    public int AllocatedCount { get; private set; }

    public List<TurnError> Errors { get; } = [];

    public List<(byte[] Data, SocketAddress Peer)> Received { get; } = [];

    /// <summary>Start, 401, signed Allocate, success: the allocation is up.</summary>
    public void Allocate(uint lifetime = 600)
    {
        Allocation.Start();
        Connection.AnswerUnauthorized(Connection.LastRequest(StunMethod.Allocate), "nonce-1");
        Connection.AnswerSuccess(Connection.LastRequest(StunMethod.Allocate), Key, lifetime);
        Assert.Equal(TurnAllocationState.Allocated, Allocation.State);
    }

    /// <summary>Sends one datagram to <see cref="Peer"/> and answers its CreatePermission and ChannelBind.</summary>
    public void OpenPeer()
    {
        Allocation.SendTo([0xAA], Peer.Serialize());
        Connection.AnswerSuccess(Connection.LastRequest(StunMethod.CreatePermission), Key);
        Connection.AnswerSuccess(Connection.LastRequest(StunMethod.ChannelBind), Key);
    }
}
