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

    private static byte[] Payload(int index, int size)
    {
        var data = new byte[size];
        for (var i = 0; i < size; i++)
        {
            data[i] = (byte)(index + i);
        }

        return data;
    }
}
