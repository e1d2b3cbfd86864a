using System.Security.Cryptography;
using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpAssociationTransferTests
{
    [Fact]
    public void Send_TenThousandOrderedWithFivePercentLoss_AllArriveInOrder()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var random = new Random(20260101);
        net.EndA.DropFilter = _ => random.NextDouble() < 0.05;
        net.EndB.DropFilter = _ => random.NextDouble() < 0.05;
        var received = new List<int>();
        net.B.MessageReceived += m => received.Add(BitConverter.ToInt32(m.Data));

        var payload = new byte[100];
        for (var i = 0; i < 10_000; i++)
        {
            BitConverter.TryWriteBytes(payload, i);
            net.A.Send(7, 53, payload);
            if (i % 50 == 0)
            {
                net.Pump();
            }
        }

        var done = net.RunUntil(() => received.Count == 10_000, TimeSpan.FromMinutes(10));

        Assert.True(done, $"received {received.Count}");
        Assert.Equal(Enumerable.Range(0, 10_000), received);
        var stats = net.A.GetStatistics();
        Assert.True(stats.DataChunksRetransmitted > 0);
        Assert.True(stats.FastRetransmits > 0);
    }

    [Theory]
    [InlineData(1)]
    [InlineData(1024)]
    [InlineData(64 * 1024)]
    [InlineData(256 * 1024)]
    public void Send_MessageSizesBothWays_ArriveIntact(int size)
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var fromA = RandomNumberGenerator.GetBytes(size);
        var fromB = RandomNumberGenerator.GetBytes(size);
        SctpMessage? atA = null;
        SctpMessage? atB = null;
        net.A.MessageReceived += m => atA = m;
        net.B.MessageReceived += m => atB = m;

        net.A.Send(3, 53, fromA);
        net.B.Send(4, 53, fromB);
        net.RunUntil(() => atA is not null && atB is not null, TimeSpan.FromSeconds(30));

        Assert.Equal(fromA, atB?.Data);
        Assert.Equal(fromB, atA?.Data);
        Assert.Equal((ushort)3, atB!.Value.StreamId);
    }

    [Fact]
    public void Send_LargerThanMaxMessageSize_Throws()
    {
        using var net = new SctpTestNetwork();
        net.Connect();

        var ex = Assert.Throws<ArgumentException>(() => net.A.Send(1, 53, new byte[(256 * 1024) + 1]));

        Assert.Contains("maximum message size", ex.Message);
    }

    [Fact]
    public void Send_UnorderedMaxRetransmitsZeroWithoutLoss_AllDelivered()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var received = 0;
        net.B.MessageReceived += m => received += m.Unordered ? 1 : 0;
        var options = new SctpSendOptions { Unordered = true, MaxRetransmits = 0 };

        for (var i = 0; i < 100; i++)
        {
            net.A.Send(5, 53, new byte[200], options);
        }

        net.RunUntil(() => received == 100, TimeSpan.FromSeconds(2));

        Assert.Equal(100, received);
        Assert.Equal(0, net.A.GetStatistics().ForwardTsnSent);
    }

    [Fact]
    public void Send_UnorderedMaxRetransmitsZeroUnderLoss_AbandonsWithForwardTsn()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        var dataPackets = 0;
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.Data) && dataPackets++ % 4 == 1;
        var received = new List<int>();
        net.B.MessageReceived += m => received.Add(BitConverter.ToInt32(m.Data));
        var options = new SctpSendOptions { Unordered = true, MaxRetransmits = 0 };

        for (var i = 0; i < 200; i++)
        {
            net.A.Send(5, 53, BitConverter.GetBytes(i).Concat(new byte[1000]).ToArray(), options);
            net.Pump();
        }

        net.RunUntil(() => net.A.GetStatistics().FlightSize == 0 && net.B.GetStatistics().ForwardTsnReceived > 0, TimeSpan.FromSeconds(20));
        net.EndA.DropFilter = null;
        net.A.Send(5, 53, BitConverter.GetBytes(-1), options);
        net.RunUntil(() => received.Contains(-1), TimeSpan.FromSeconds(5));

        var stats = net.A.GetStatistics();
        Assert.True(stats.MessagesAbandoned > 0);
        Assert.True(stats.ForwardTsnSent > 0);
        Assert.True(net.B.GetStatistics().ForwardTsnReceived > 0);
        Assert.Equal(0, stats.DataChunksRetransmitted);
        Assert.True(received.Count < 201);
        Assert.Contains(-1, received);
    }

    [Fact]
    public void Send_OrderedLifetimeExpiredUnderLoss_LaterMessagesStillDelivered()
    {
        using var net = new SctpTestNetwork();
        net.Connect();
        net.EndA.DropFilter = d => SctpPacketInspector.Contains(d, SctpChunkType.Data) && d.AsSpan().IndexOf("lost"u8) >= 0;
        var received = new List<string>();
        net.B.MessageReceived += m => received.Add(System.Text.Encoding.ASCII.GetString(m.Data));
        var options = new SctpSendOptions { MaxLifetime = TimeSpan.FromMilliseconds(500) };

        net.A.Send(9, 51, "lost"u8, options);
        net.Pump();
        net.EndA.DropFilter = null;
        net.A.Send(9, 51, "kept"u8, options);
        net.RunUntil(() => received.Count > 0, TimeSpan.FromSeconds(10));

        Assert.Equal(["kept"], received);
        Assert.True(net.A.GetStatistics().ForwardTsnSent > 0);
    }

    [Fact]
    public void Send_QueuedSmallMessages_BundledUpToMtu()
    {
        using var net = new SctpTestNetwork();
        var received = 0;
        net.B.MessageReceived += _ => received++;
        net.A.Connect();
        for (var i = 0; i < 50; i++)
        {
            net.A.Send(1, 53, new byte[100]);
        }

        net.RunUntil(() => received == 50, TimeSpan.FromSeconds(2));

        var dataPackets = net.EndA.Sent.Where(d => SctpPacketInspector.Contains(d, SctpChunkType.Data)).ToList();
        Assert.Equal(50, received);
        Assert.InRange(dataPackets.Count, 5, 8);
        Assert.All(dataPackets, d => Assert.True(d.Length <= new SctpAssociationOptions().Mtu));
        Assert.Contains(dataPackets, d => d.Length > 1100);
    }
}
