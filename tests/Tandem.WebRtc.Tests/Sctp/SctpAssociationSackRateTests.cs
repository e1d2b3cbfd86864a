using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

/// <summary>How often DATA asks for an immediate SACK (RFC 7053 I bit), and so how many SACKs a transfer costs.</summary>
public sealed class SctpAssociationSackRateTests
{
    private const int MessageSize = 1000;

    [Fact]
    public void Send_OneMessageAtATimeWhileOthersInFlight_SacksAboutEverySecondPacket()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var received = new List<int>();
        net.B.MessageReceived += m => received.Add(BitConverter.ToInt32(m.Data));
        var sacksBefore = SctpPacketInspector.Count(net.EndB.Sent, SctpChunkType.Sack);
        var dataBefore = net.EndA.Sent.Count;

        const int messages = 40;
        var payload = new byte[MessageSize];
        for (var i = 0; i < messages; i++)
        {
            // Four back-to-back sends, each of which empties the send queue, then the network catches up.
            BitConverter.TryWriteBytes(payload, i);
            net.A.Send(1, 53, payload);
            if (i % 4 == 3)
            {
                net.Pump();
            }
        }

        Assert.True(net.RunUntil(() => received.Count == messages, TimeSpan.FromSeconds(2)));
        Assert.Equal(Enumerable.Range(0, messages), received);
        var dataPackets = net.EndA.Sent.Skip(dataBefore).Count(d => SctpPacketInspector.Contains(d, SctpChunkType.Data));
        Assert.Equal(messages, dataPackets);
        var sacks = SctpPacketInspector.Count(net.EndB.Sent, SctpChunkType.Sack) - sacksBefore;
        Assert.InRange(sacks, (messages / 2) - 1, (messages / 2) + 1);
    }

    [Fact]
    public void Send_LonePacketInFlight_SetsImmediateBit()
    {
        using var net = new SctpTestNetwork();
        net.Connect();

        net.A.Send(1, 53, new byte[MessageSize]);

        Assert.Equal([true], ImmediateFlags(net.EndA.Sent[^1]));
    }

    [Fact]
    public void Send_BurstWithinCongestionWindow_OnlyFirstPacketSetsImmediateBit()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var before = net.EndA.Sent.Count;

        for (var i = 0; i < 3; i++)
        {
            net.A.Send(1, 53, new byte[MessageSize]);
        }

        var flags = net.EndA.Sent.Skip(before).SelectMany(ImmediateFlags).ToArray();
        Assert.Equal([true, false, false], flags);
    }

    private static List<bool> ImmediateFlags(byte[] datagram)
    {
        var flags = new List<bool>();
        Assert.True(SctpPacket.TryParse(datagram, out var packet));
        foreach (var chunk in packet.GetChunks())
        {
            if (SctpDataChunk.TryParse(chunk.Raw, out var data))
            {
                flags.Add((data.Flags & SctpDataChunk.FlagImmediate) != 0);
            }
        }

        return flags;
    }
}
