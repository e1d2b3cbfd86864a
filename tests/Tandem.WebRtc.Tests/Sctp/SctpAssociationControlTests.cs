using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpAssociationControlTests
{
    [Fact]
    public void SingleLoss_FastRecoveryExit_CwndEqualsSsthresh()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var payload = new byte[1100];
        for (var i = 0; i < 60; i++)
        {
            net.A.Send(1, 53, payload);
        }

        net.RunUntil(() => net.A.GetStatistics().FlightSize == 0, TimeSpan.FromSeconds(5));
        var grown = net.A.GetStatistics().CongestionWindow;
        var dataPackets = 0;
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.Data) && ++dataPackets == 1;

        for (var i = 0; i < 10; i++)
        {
            net.A.Send(1, 53, payload);
        }

        net.RunUntil(() => net.A.GetStatistics().FlightSize == 0, TimeSpan.FromSeconds(5));
        var stats = net.A.GetStatistics();

        Assert.True(grown >= 10 * new SctpAssociationOptions().Mtu, $"cwnd only {grown}");
        Assert.Equal(1, stats.FastRetransmits);
        Assert.Equal(0, stats.RetransmissionTimeouts);
        Assert.False(stats.InFastRecovery);
        Assert.Equal(Math.Max(grown / 2, 4 * new SctpAssociationOptions().Mtu), stats.SlowStartThreshold);
        Assert.Equal(stats.SlowStartThreshold, stats.CongestionWindow);
    }

    [Fact]
    public void LostPacketAtTail_T3Retransmits_CwndOneMtu()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var received = 0;
        net.B.MessageReceived += _ => received++;
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.Data) && received == 0 && net.A.GetStatistics().DataChunksSent == 1;

        net.A.Send(1, 53, "only"u8);
        net.Pump();
        Assert.Equal(0, received);
        net.RunUntil(() => received == 1, TimeSpan.FromSeconds(3));

        var stats = net.A.GetStatistics();
        Assert.Equal(1, received);
        Assert.Equal(1, stats.RetransmissionTimeouts);
        Assert.Equal(new SctpAssociationOptions().Mtu, stats.CongestionWindow);
    }

    [Fact]
    public void ResetStreams_PeerSeesIncomingResetAndSsnRestarts()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var incoming = new List<ushort>();
        var outgoing = new List<ushort>();
        var messages = new List<SctpMessage>();
        net.B.IncomingStreamReset += incoming.Add;
        net.A.OutgoingStreamReset += outgoing.Add;
        net.B.MessageReceived += messages.Add;

        net.A.Send(4, 51, "before"u8);
        net.A.ResetStreams([4]);
        net.RunUntil(() => outgoing.Count == 1, TimeSpan.FromSeconds(2));
        net.A.Send(4, 51, "after"u8);
        net.RunUntil(() => messages.Count == 2, TimeSpan.FromSeconds(2));

        Assert.Equal([(ushort)4], incoming);
        Assert.Equal([(ushort)4], outgoing);
        Assert.Equal(["before", "after"], messages.Select(m => System.Text.Encoding.ASCII.GetString(m.Data)));
    }

    [Fact]
    public void ResetStreams_RequestLost_Retransmitted()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var dropped = false;
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.ReConfig) && !dropped && (dropped = true);
        var outgoing = new List<ushort>();
        net.A.OutgoingStreamReset += outgoing.Add;

        net.A.ResetStreams([2]);
        var done = net.RunUntil(() => outgoing.Count == 1, TimeSpan.FromSeconds(5));

        Assert.True(done);
        Assert.True(dropped);
        Assert.Equal(2, SctpPacketInspector.Count(net.EndA.Sent, SctpChunkType.ReConfig));
    }

    [Fact]
    public void Shutdown_WithQueuedData_DeliversThenClosesBothGracefully()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var received = 0;
        net.B.MessageReceived += _ => received++;
        var reasons = new List<string?>();
        net.A.Closed += reasons.Add;
        net.B.Closed += reasons.Add;

        for (var i = 0; i < 20; i++)
        {
            net.A.Send(1, 53, new byte[3000]);
        }

        net.A.Shutdown();
        net.RunUntil(() => reasons.Count == 2, TimeSpan.FromSeconds(5));

        Assert.Equal(20, received);
        Assert.Equal([null, null], reasons);
        Assert.Equal(SctpAssociationState.Closed, net.A.State);
        Assert.Equal(SctpAssociationState.Closed, net.B.State);
        Assert.Throws<InvalidOperationException>(() => net.A.Send(1, 53, "x"u8));
    }

    [Fact]
    public void Abort_PeerClosesWithReason()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        string? reason = null;
        net.B.Closed += r => reason = r;

        net.A.Abort("going away");
        net.Pump();

        Assert.Equal(SctpAssociationState.Closed, net.B.State);
        Assert.Equal("aborted by peer: user-initiated abort: going away", reason);
    }

    [Fact]
    public void PeerGone_FailsAfterMaxRetransmissions()
    {
        using var net = new SctpTestNetwork(new SctpAssociationOptions { MaxRetransmissions = 3, RtoMax = TimeSpan.FromSeconds(2) });
        net.Connect();
        string? reason = null;
        net.A.Closed += r => reason = r;
        net.EndA.DropFilter = _ => true;

        net.A.Send(1, 53, "into the void"u8);
        net.RunUntil(() => reason is not null, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(100));

        Assert.Contains("too many retransmissions", reason);
        Assert.Equal(4, net.A.GetStatistics().RetransmissionTimeouts);
    }

    [Fact]
    public void Heartbeat_IdleAssociation_MeasuresRtt()
    {
        using var net = new SctpTestNetwork(new SctpAssociationOptions { HeartbeatInterval = TimeSpan.FromSeconds(1) });
        net.Connect();

        net.RunUntil(() => SctpPacketInspector.Count(net.EndB.Sent, SctpChunkType.HeartbeatAck) > 0, TimeSpan.FromSeconds(3));

        Assert.True(SctpPacketInspector.Count(net.EndA.Sent, SctpChunkType.Heartbeat) > 0);
        Assert.Equal(SctpAssociationState.Established, net.A.State);
    }

    [Fact]
    public void Receive_UnknownChunkWithReportBit_AnswersError()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        Assert.True(SctpPacket.TryParse(net.EndB.Sent[^1], out var fromB));
        var tag = fromB.VerificationTag;
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, 5000, 5000, tag);
        buffer[12] = 0x7F;
        buffer[15] = 4;
        builder.Advance(4);
        var length = builder.Finish();

        net.EndB.SendAsync(buffer.AsMemory(0, length));
        net.Pump();

        Assert.True(SctpPacketInspector.Count(net.EndA.Sent, SctpChunkType.Error) > 0);
        Assert.Equal(SctpAssociationState.Established, net.A.State);
    }

    [Fact]
    public void Receive_UnknownChunkOfUnpaddedLength_AnswersErrorWithTheChunk()
    {
        // Found by fuzzing (fuzz/findings/sctp-association): a reported chunk whose length is not a
        // multiple of 4 made the ERROR's cause overrun its buffer, and the exception left the receive path.
        using var net = new SctpTestNetwork();
        net.Connect();
        Assert.True(SctpPacket.TryParse(net.EndB.Sent[^1], out var fromB));
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, 5000, 5000, fromB.VerificationTag);
        buffer[12] = 0x7F;
        buffer[15] = 5;
        buffer[16] = 0xAB;
        builder.Advance(8);
        var length = builder.Finish();

        net.EndB.SendAsync(buffer.AsMemory(0, length));
        net.Pump();

        var error = net.EndA.Sent.Single(d => SctpPacketInspector.Contains(d, SctpChunkType.Error));
        Assert.True(SctpPacket.TryParse(error, out var packet));
        var chunks = packet.GetChunks();
        Assert.True(chunks.MoveNext());
        Assert.True(Tandem.WebRtc.Sctp.Chunks.SctpErrorChunk.TryParse(chunks.Current.Raw, out var errorChunk));
        Assert.True(SctpParameter.TryFind(errorChunk.Causes, Tandem.WebRtc.Sctp.Chunks.SctpErrorCause.UnrecognizedChunkType, out var cause));
        Assert.Equal(buffer.AsSpan(12, 5).ToArray(), cause.ToArray());
        Assert.Equal(SctpAssociationState.Established, net.A.State);
    }

    [Fact]
    public void Receive_DataWithoutAssociation_AnsweredWithReflectedAbort()
    {
        using var net = new SctpTestNetwork();
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, 5000, 5000, 0x0BAD_F00D);
        builder.Advance(new Tandem.WebRtc.Sctp.Chunks.SctpDataChunk(1, 0, 0, 51, 3, "?"u8).WriteTo(builder.Free));
        var length = builder.Finish();

        net.EndA.SendAsync(buffer.AsMemory(0, length));
        net.Pump();

        var reply = Assert.Single(net.EndB.Sent);
        Assert.True(SctpPacket.TryParse(reply, out var packet));
        Assert.Equal(0x0BAD_F00Du, packet.VerificationTag);
        var chunks = packet.GetChunks();
        Assert.True(chunks.MoveNext());
        Assert.True(Tandem.WebRtc.Sctp.Chunks.SctpAbortChunk.TryParse(chunks.Current.Raw, out var abort));
        Assert.True(abort.ReflectedTag);
    }
}
