using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Tests.Ice;

public class IceAgentConnectTests
{
    [Fact]
    public void Connect_ControllingAndControlled_SelectSamePair()
    {
        using var h = new IceAgentHarness();
        h.Signal();

        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        var a = h.A.SelectedPair!;
        var b = h.B.SelectedPair!;
        Assert.True(a.Nominated);
        Assert.True(b.Nominated);
        Assert.Equal(a.Local.Port, b.Remote.Port);
        Assert.Equal(b.Local.Port, a.Remote.Port);
        Assert.Equal(IceGatheringState.Complete, h.A.GatheringState);
    }

    [Fact]
    public void Transport_AfterConnect_DeliversDtlsAndRtpBothWaysButNotOtherFirstBytes()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        var atB = new List<byte[]>();
        var atA = new List<byte[]>();
        h.B.Transport.Received += d => atB.Add(d.ToArray());
        h.A.Transport.Received += d => atA.Add(d.ToArray());

        h.A.Transport.SendAsync(new byte[] { 22, 254, 253, 1 });
        h.A.Transport.SendAsync(new byte[] { 0x80, 96, 0, 1 });
        h.A.Transport.SendAsync(new byte[] { 70, 1, 2 });
        h.B.Transport.SendAsync(new byte[] { 0x81, 200, 0, 1 });
        h.Network.Flush();

        Assert.Equal([new byte[] { 22, 254, 253, 1 }, new byte[] { 0x80, 96, 0, 1 }], atB);
        Assert.Equal([new byte[] { 0x81, 200, 0, 1 }], atA);
        Assert.Equal(1, h.B.GetStats().PacketsDropped);
        Assert.Equal(2, h.B.GetStats().PacketsReceived);
    }

    [Fact]
    public void Receive_RtpOnSelectedPair_AllocatesNothingPerDatagram()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(2));
        var socket = h.Network.SocketAt(h.B.SelectedPair!.Local.EndPoint!);
        var from = h.A.SelectedPair!.Local.EndPoint!.Serialize();
        var packet = new byte[1200];
        packet[0] = 0x80;
        var bytes = 0L;
        h.B.Transport.Received += d => bytes += d.Length;
        socket.Handler!(socket, packet, from);

        var before = GC.GetAllocatedBytesForCurrentThread();
        for (var i = 0; i < 1000; i++)
        {
            socket.Handler!(socket, packet, from);
        }

        Assert.Equal(0, GC.GetAllocatedBytesForCurrentThread() - before);
        Assert.Equal(1001 * 1200, bytes);
    }

    [Fact]
    public void Connect_ControlledGetsNoCandidates_LearnsPeerReflexive()
    {
        using var h = new IceAgentHarness();
        h.Signal(candidatesToB: false);

        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        var remote = Assert.Single(h.B.RemoteCandidates);
        Assert.Equal(IceCandidateType.PeerReflexive, remote.Type);
        Assert.Equal(IceCandidateType.PeerReflexive, h.B.SelectedPair!.Remote.Type);
    }

    [Fact]
    public void AddRemoteCandidate_Mdns_IsKeptAndPeerReflexiveConnects()
    {
        using var h = new IceAgentHarness();
        h.Signal(candidatesToB: false);

        Assert.True(h.B.AddRemoteCandidate("candidate:1 1 udp 2113937151 0b5e2e39-1f1c-4c2b-9a62-d7a4c7a3b7c1.local 40000 typ host"));
        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
        Assert.Contains(h.B.RemoteCandidates, c => c.IsMdns);
        Assert.Equal(IceCandidateType.PeerReflexive, h.B.SelectedPair!.Remote.Type);
    }

    [Fact]
    public void AddRemoteCandidate_DuplicateOrAfterEndOfCandidates_ToleratedAndIgnoredOrAdded()
    {
        using var h = new IceAgentHarness();
        const string Line = "candidate:9 1 udp 2122260223 10.9.9.9 5000 typ host generation 0";

        Assert.True(h.A.AddRemoteCandidate(Line));
        Assert.False(h.A.AddRemoteCandidate(Line));
        h.A.SetRemoteEndOfCandidates();
        Assert.True(h.A.AddRemoteCandidate("candidate:10 1 udp 2122260222 10.9.9.10 5000 typ host"));
        Assert.False(h.A.AddRemoteCandidate("candidate:11 1 tcp 1518280447 10.9.9.11 9 typ host tcptype active"));
        Assert.False(h.A.AddRemoteCandidate("not a candidate"));
        Assert.Equal(2, h.A.RemoteCandidates.Count);
    }

    [Fact]
    public void Connect_BothSidesEndOfCandidates_ReachesCompletedWithTimestamps()
    {
        using var h = new IceAgentHarness();
        var states = new List<IceConnectionState>();
        h.A.ConnectionStateChanged += states.Add;
        h.Signal();
        h.A.SetRemoteEndOfCandidates();
        h.B.SetRemoteEndOfCandidates();

        h.Run(TimeSpan.FromSeconds(2));

        Assert.Equal(IceConnectionState.Completed, h.A.ConnectionState);
        Assert.Equal(IceConnectionState.Completed, h.B.ConnectionState);
        Assert.Equal([IceConnectionState.Checking, IceConnectionState.Connected, IceConnectionState.Completed], states);
        var stats = h.A.GetStats();
        Assert.NotNull(stats.GatheringCompletedAt);
        Assert.NotNull(stats.ConnectedAt);
        Assert.True(stats.ConnectedAt >= stats.CheckingStartedAt);
        Assert.NotNull(stats.SelectedLocalCandidate);
        Assert.True(stats.ChecksSent > 0);
    }

    [Fact]
    public void Connect_FirstChecksLost_RetransmitsAndConnects()
    {
        using var h = new IceAgentHarness();
        var dropped = 0;
        h.Network.DropFilter = (_, _, data) => data[0] <= 3 && data[1] == 0x01 && dropped++ < 4;
        h.Signal();

        h.Run(TimeSpan.FromSeconds(4));

        Assert.True(dropped >= 4);
        Assert.Equal(IceConnectionState.Connected, h.A.ConnectionState);
        Assert.Equal(IceConnectionState.Connected, h.B.ConnectionState);
    }

    [Fact]
    public void Connect_RemoteUnreachable_FailsAfterRetransmits()
    {
        using var h = new IceAgentHarness();
        h.A.SetRemoteCredentials(h.B.LocalCredentials);
        h.A.StartGathering();
        h.A.AddRemoteCandidate("candidate:1 1 udp 2122260223 10.0.0.99 5000 typ host");

        h.Run(TimeSpan.FromSeconds(3));
        Assert.Equal(IceConnectionState.Checking, h.A.ConnectionState);
        h.Run(TimeSpan.FromSeconds(10));

        Assert.Equal(IceConnectionState.Failed, h.A.ConnectionState);
        Assert.Equal(IceCandidatePairState.Failed, Assert.Single(h.A.CandidatePairs).State);
    }

    [Fact]
    public void AddRemoteCandidate_IdleConnectedAgent_CheckedWithinTa()
    {
        using var h = new IceAgentHarness();
        h.Signal();
        h.Run(TimeSpan.FromSeconds(3));
        var checksBefore = h.A.GetStats().ChecksSent;

        h.A.AddRemoteCandidate("candidate:7 1 udp 2122260223 10.0.0.50 5000 typ host");
        h.Run(TimeSpan.FromMilliseconds(60));

        Assert.Equal(checksBefore + 1, h.A.GetStats().ChecksSent);
        Assert.Contains(h.A.CandidatePairs, p => p.Remote.Port == 5000 && p.State == IceCandidatePairState.InProgress);
    }

    [Fact]
    public void Transport_IsDatagramTransport()
    {
        using var h = new IceAgentHarness();

        Assert.IsAssignableFrom<IDatagramTransport>(h.A.Transport);
    }
}
