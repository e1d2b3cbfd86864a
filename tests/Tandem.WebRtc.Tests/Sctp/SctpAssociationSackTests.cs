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
