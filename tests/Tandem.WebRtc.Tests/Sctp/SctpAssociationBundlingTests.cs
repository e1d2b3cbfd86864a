using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

/// <summary>Packing DATA into packets up to the MTU (RFC 9260 §6.9, §6.10).</summary>
public sealed class SctpAssociationBundlingTests
{
    [Theory]
    [InlineData(1000)]
    [InlineData(1024)]
    [InlineData(300)]
    public void Send_SmallMessagesQueuedBackToBack_FillPacketsAndArriveIntactInOrder(int size)
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var received = new List<byte[]>();
        net.B.MessageReceived += m => received.Add(m.Data);
        var before = net.EndA.Sent.Count;

        // A large message first fills the congestion window, so the small ones queue up behind it.
        const int large = 64 * 1024;
        const int messages = 200;
        net.A.Send(1, 53, new byte[large]);
        for (var i = 0; i < messages; i++)
        {
            net.A.Send(1, 53, Payload(i, size));
        }

        Assert.True(net.RunUntil(() => received.Count == messages + 1, TimeSpan.FromSeconds(5)));
        for (var i = 0; i < messages; i++)
        {
            Assert.Equal(Payload(i, size), received[i + 1]);
        }

        var dataPackets = net.EndA.Sent.Skip(before).Where(d => SctpPacketInspector.Contains(d, SctpChunkType.Data)).ToArray();
        Assert.All(dataPackets, d => Assert.InRange(d.Length, 1, net.A.Options.Mtu));
        var payloadPerPacket = net.A.Options.Mtu - SctpPacket.HeaderLength - 16;
        var ideal = (int)Math.Ceiling((large + (messages * (double)size)) / payloadPerPacket);

        // Every packet but the last few is full, give or take the 16-byte header of a second chunk.
        Assert.InRange(dataPackets.Length, ideal, (int)(ideal * 1.05) + 2);
    }

    [Fact]
    public void Send_ManyChunksInOneFlush_ReadsTheClockOnceForThemAll()
    {
        var time = new CountingTimeProvider();
        using var net = new SctpTestNetwork(time: time);
        net.Connect();
        var before = net.EndA.Sent.Count;
        var reads = time.Reads;

        net.A.Send(1, 53, new byte[64 * 1024]);

        var chunks = net.EndA.Sent.Skip(before).Count(d => SctpPacketInspector.Contains(d, SctpChunkType.Data));
        Assert.True(chunks >= 3, $"{chunks} packets");

        // One read for the flush, one for starting T3.
        Assert.InRange(time.Reads - reads, 1, 2);
    }

    private static byte[] Payload(int index, int size)
    {
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = (byte)(index + i);
        }

        return data;
    }

    private sealed class CountingTimeProvider() : FakeTimeProvider(new DateTimeOffset(2026, 1, 1, 0, 0, 0, TimeSpan.Zero))
    {
        public int Reads { get; private set; }

        public override long GetTimestamp()
        {
            Reads++;
            return base.GetTimestamp();
        }
    }
}
