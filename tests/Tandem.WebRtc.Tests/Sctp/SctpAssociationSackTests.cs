using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpAssociationSackTests
{
    [Fact]
    public void SinglePacket_SackDelayedTwoHundredMilliseconds()
    {
        using var net = new SctpTestNetwork();
        var (tag, tsn) = Prepare(net);
        var before = SackCount(net);

        Inject(net, tag, tsn + 1);
        net.Pump();
        Assert.Equal(before, SackCount(net));
        net.Time.Advance(TimeSpan.FromMilliseconds(199));
        net.Pump();
        Assert.Equal(before, SackCount(net));
        net.Time.Advance(TimeSpan.FromMilliseconds(1));
        net.Pump();

        Assert.Equal(before + 1, SackCount(net));
    }

    [Fact]
    public void SecondPacket_SackedImmediately()
    {
        using var net = new SctpTestNetwork();
        var (tag, tsn) = Prepare(net);
        var before = SackCount(net);

        Inject(net, tag, tsn + 1);
        Inject(net, tag, tsn + 2);
        net.Pump();

        Assert.Equal(before + 1, SackCount(net));
    }

    [Fact]
    public void Gap_SackedImmediatelyWithGapBlock()
    {
        using var net = new SctpTestNetwork();
        var (tag, tsn) = Prepare(net);

        Inject(net, tag, tsn + 2);
        net.Pump();

        Assert.True(SctpPacket.TryParse(net.EndB.Sent[^1], out var packet));
        var chunks = packet.GetChunks();
        Assert.True(chunks.MoveNext());
        Assert.True(SctpSackChunk.TryParse(chunks.Current.Raw, out var sack));
        Assert.Equal(tsn, sack.CumulativeTsnAck);
        Assert.Equal(new SctpGapAckBlock(2, 2), sack.GetGapBlock(0));
    }

    [Fact]
    public void Duplicate_ReportedInSack()
    {
        using var net = new SctpTestNetwork();
        var (tag, tsn) = Prepare(net);

        Inject(net, tag, tsn);
        net.Pump();

        Assert.True(SctpPacket.TryParse(net.EndB.Sent[^1], out var packet));
        var chunks = packet.GetChunks();
        Assert.True(chunks.MoveNext());
        Assert.True(SctpSackChunk.TryParse(chunks.Current.Raw, out var sack));
        Assert.Equal(1, sack.DuplicateCount);
        Assert.Equal(tsn, sack.GetDuplicate(0));
    }

    [Fact]
    public void SinglePacket_ReplySentFromMessageHandler_CarriesTheSack()
    {
        using var net = new SctpTestNetwork();
        var (tag, tsn) = Prepare(net);
        net.B.MessageReceived += m => net.B.Send(m.StreamId, 51, "reply"u8);
        var sentBefore = net.EndB.Sent.Count;

        // A peer that does not set the I bit (RFC 7053): without the reply this SACK would wait 200 ms.
        Inject(net, tag, tsn + 1);
        net.Pump();

        var reply = Assert.Single(net.EndB.Sent.Skip(sentBefore), d => SctpPacketInspector.Contains(d, SctpChunkType.Data));
        Assert.Equal(tsn + 1, CumulativeAck(reply));
    }

    [Fact]
    public void FirstDataOfTheAssociation_SackedImmediately()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var tag = VerificationTagOf(net.EndA.Sent, SctpChunkType.CookieEcho);
        var firstTsn = InitialTsnOf(net.EndA.Sent);

        Inject(net, tag, firstTsn);
        net.Pump();

        var sack = Assert.Single(net.EndB.Sent, d => SctpPacketInspector.Contains(d, SctpChunkType.Sack));
        Assert.Equal(firstTsn, CumulativeAck(sack));
    }

    [Fact]
    public void PingPong_PeerWithoutImmediateBit_PeersRttIsTheLinksNotThePingInterval()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        net.Pump();
        net.B.MessageReceived += m => net.B.Send(m.StreamId, 51, m.Data);
        var echoes = 0;
        net.A.MessageReceived += _ => echoes++;

        // A plays a peer that never sets the I bit: it measures its RTT on our SACKs alone.
        net.EndA.DropFilter = ClearImmediateBit;
        for (var i = 0; i < 20; i++)
        {
            net.A.Send(1, 51, "ping"u8);
            net.Pump();
            net.Time.Advance(TimeSpan.FromMilliseconds(25));
        }

        net.Pump();

        // The link has no delay: every RTT sample is 0 when we acknowledge promptly, 25 ms (the next
        // ping, our second packet) when the SACK waits for the delayed-ack timer or the next packet.
        Assert.Equal(20, echoes);
        Assert.True(net.A.GetStatistics().SmoothedRtt < TimeSpan.FromMilliseconds(5), $"peer's SRTT {net.A.GetStatistics().SmoothedRtt.TotalMilliseconds} ms");
    }

    private static bool ClearImmediateBit(byte[] datagram)
    {
        if (!SctpPacket.TryParse(datagram, out var packet))
        {
            return false;
        }

        var offset = SctpPacket.HeaderLength;
        foreach (var chunk in packet.GetChunks())
        {
            if (chunk.Type == SctpChunkType.Data)
            {
                datagram[offset + 1] &= unchecked((byte)~SctpDataChunk.FlagImmediate);
            }

            offset += SctpChunk.Pad4(chunk.Raw.Length);
        }

        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(8), 0);
        System.Buffers.Binary.BinaryPrimitives.WriteUInt32LittleEndian(datagram.AsSpan(8), SctpCrc32c.ComputePacketChecksum(datagram));
        return false;
    }

    private static uint CumulativeAck(byte[] datagram)
    {
        Assert.True(SctpPacket.TryParse(datagram, out var packet));
        foreach (var chunk in packet.GetChunks())
        {
            if (SctpSackChunk.TryParse(chunk.Raw, out var sack))
            {
                return sack.CumulativeTsnAck;
            }
        }

        throw new InvalidOperationException("no SACK in the packet");
    }

    private static uint VerificationTagOf(IEnumerable<byte[]> sent, SctpChunkType type)
    {
        Assert.True(SctpPacket.TryParse(sent.First(d => SctpPacketInspector.Contains(d, type)), out var packet));
        return packet.VerificationTag;
    }

    private static uint InitialTsnOf(IEnumerable<byte[]> sent)
    {
        foreach (var datagram in sent)
        {
            if (SctpPacket.TryParse(datagram, out var packet))
            {
                foreach (var chunk in packet.GetChunks())
                {
                    if (SctpInitChunk.TryParse(chunk.Raw, out var init))
                    {
                        return init.InitialTsn;
                    }
                }
            }
        }

        throw new InvalidOperationException("no INIT sent");
    }

    /// <summary>Connects, sends one message A→B and returns B's tag and the TSN A used.</summary>
    private static (uint Tag, uint Tsn) Prepare(SctpTestNetwork net)
    {
        net.Connect();
        net.A.Send(1, 51, "x"u8);
        net.Pump();
        var datagram = net.EndA.Sent.Last(d => SctpPacketInspector.Contains(d, SctpChunkType.Data));
        Assert.True(SctpPacket.TryParse(datagram, out var packet));
        foreach (var chunk in packet.GetChunks())
        {
            if (SctpDataChunk.TryParse(chunk.Raw, out var data))
            {
                return (packet.VerificationTag, data.Tsn);
            }
        }

        throw new InvalidOperationException("no DATA chunk");
    }

    private static void Inject(SctpTestNetwork net, uint tag, uint tsn)
    {
        var buffer = new byte[64];
        var builder = new SctpPacketBuilder(buffer, 5000, 5000, tag);
        builder.Advance(new SctpDataChunk(tsn, 1, 0, 51, SctpDataChunk.FlagBeginning | SctpDataChunk.FlagEnd | SctpDataChunk.FlagUnordered, "y"u8).WriteTo(builder.Free));
        var length = builder.Finish();
        net.EndA.SendAsync(buffer.AsMemory(0, length));
    }

    private static int SackCount(SctpTestNetwork net) => SctpPacketInspector.Count(net.EndB.Sent, SctpChunkType.Sack);
}
