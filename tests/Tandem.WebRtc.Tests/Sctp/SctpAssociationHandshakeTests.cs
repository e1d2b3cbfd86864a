using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpAssociationHandshakeTests
{
    [Fact]
    public void Connect_OneSideStarts_BothEstablished()
    {
        using var net = new SctpTestNetwork();
        var established = 0;
        net.A.Established += () => established++;
        net.B.Established += () => established++;

        net.Connect();

        Assert.Equal(2, established);
        Assert.True(net.A.PeerSupportsPartialReliability);
        Assert.True(net.B.PeerSupportsPartialReliability);
    }

    [Fact]
    public void Connect_SimultaneousOpen_BothEstablishedOnce()
    {
        using var net = new SctpTestNetwork();
        var established = 0;
        net.A.Established += () => established++;
        net.B.Established += () => established++;

        net.Connect(simultaneous: true);
        net.A.Send(1, 51, "hello"u8);
        net.B.Send(2, 51, "world"u8);
        var atA = new List<SctpMessage>();
        var atB = new List<SctpMessage>();
        net.A.MessageReceived += atA.Add;
        net.B.MessageReceived += atB.Add;
        net.RunUntil(() => atA.Count == 1 && atB.Count == 1, TimeSpan.FromSeconds(2));

        Assert.Equal(2, established);
        Assert.Equal("world"u8.ToArray(), Assert.Single(atA).Data);
        Assert.Equal("hello"u8.ToArray(), Assert.Single(atB).Data);
    }

    [Fact]
    public void Connect_InitLostTwice_RetransmitsAndEstablishes()
    {
        using var net = new SctpTestNetwork();
        var dropped = 0;
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.Init) && dropped++ < 2;

        net.A.Connect();
        var ok = net.RunUntil(() => net.A.State == SctpAssociationState.Established, TimeSpan.FromSeconds(10));

        Assert.True(ok);
        Assert.Equal(3, SctpPacketInspector.Count(net.EndA.Sent, SctpChunkType.Init));
    }

    [Fact]
    public void Connect_PeerNeverAnswers_FailsAfterMaxInitRetransmits()
    {
        using var net = new SctpTestNetwork(new SctpAssociationOptions { MaxInitRetransmits = 2 });
        net.EndA.DropFilter = _ => true;
        string? reason = null;
        net.A.Closed += r => reason = r;

        net.A.Connect();
        net.RunUntil(() => reason is not null, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        Assert.Equal(SctpAssociationState.Closed, net.A.State);
        Assert.Contains("handshake", reason);
        Assert.Equal(3, SctpPacketInspector.Count(net.EndA.Sent, SctpChunkType.Init));
    }

    [Fact]
    public void Connect_Twice_SendsOneInit()
    {
        using var net = new SctpTestNetwork();
        net.A.Connect();
        net.A.Connect();

        Assert.Single(net.EndA.Sent, d => SctpPacketInspector.Contains(d, SctpChunkType.Init));
    }

    [Fact]
    public void Connect_AfterPeerEstablishedUs_IsNoOp()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var sent = net.EndB.Sent.Count;

        net.B.Connect();
        net.Pump();

        Assert.Equal(SctpAssociationState.Established, net.B.State);
        Assert.Equal(sent, net.EndB.Sent.Count);
    }

    [Fact]
    public void Receive_ForgedCookieEcho_Ignored()
    {
        using var net = new SctpTestNetwork();
        net.A.Connect();
        net.Pump();
        Assert.Equal(SctpAssociationState.Established, net.B.State);

        using var other = new SctpTestNetwork();
        other.A.Connect();
        other.EndA.Peer = net.EndB;
        other.Pump();

        Assert.Equal(SctpAssociationState.Established, net.B.State);
        Assert.NotEqual(SctpAssociationState.Established, other.A.State);
    }
}
