using System.Buffers.Binary;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public sealed class RtcpTransportFeedbackTests
{
    [Fact]
    public void TryWriteThenParse_MixedSmallLargeNegativeDeltasAndLosses_RoundTrips()
    {
        // 64 ms slot 10 plus offsets; a gap of 100 ms (two-byte delta), a reordered arrival (negative), losses.
        long[] arrivals = [640_250, 640_500, -1, -1, 740_500, 740_000, -1, 745_000];
        var buffer = new byte[200];

        Assert.True(RtcpTransportFeedback.TryWrite(buffer, 1, 2, 100, 7, arrivals, out var written, out var described));
        Assert.Equal(arrivals.Length, described);
        Assert.Equal(0, written % 4);
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        Assert.Equal(1u, feedback.SenderSsrc);
        Assert.Equal(2u, feedback.MediaSsrc);
        Assert.Equal((ushort)100, feedback.BaseSequenceNumber);
        Assert.Equal(arrivals.Length, feedback.PacketStatusCount);
        Assert.Equal(10, feedback.ReferenceTime);
        Assert.Equal((byte)7, feedback.FeedbackPacketCount);
        var i = 0;
        foreach (var packet in feedback)
        {
            Assert.Equal((ushort)(100 + i), packet.SequenceNumber);
            Assert.Equal(arrivals[i] >= 0, packet.Received);
            Assert.Equal(arrivals[i] >= 0 ? arrivals[i] : 0, packet.ArrivalMicroseconds);
            i++;
        }

        Assert.Equal(arrivals.Length, i);
    }

    [Fact]
    public void TryWriteThenParse_BaseNearWrap_SequenceNumbersWrapToZero()
    {
        var arrivals = Enumerable.Range(0, 40).Select(i => 1_000_000L + (i * 1000)).ToArray();
        var buffer = new byte[200];

        Assert.True(RtcpTransportFeedback.TryWrite(buffer, 1, 2, 65_520, 0, arrivals, out var written, out _));
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        var numbers = new List<ushort>();
        foreach (var packet in feedback)
        {
            numbers.Add(packet.SequenceNumber);
        }

        Assert.Equal(Enumerable.Range(0, 40).Select(i => (ushort)(65_520 + i)), numbers);
        Assert.Equal((ushort)0, numbers[16]);
    }

    [Fact]
    public void TryWrite_LongRunsOfOneStatus_UseRunLengthChunks()
    {
        var arrivals = Enumerable.Range(0, 300).Select(i => i is >= 100 and < 200 ? -1L : 64_000L + (i * 1000)).ToArray();
        var buffer = new byte[400];

        Assert.True(RtcpTransportFeedback.TryWrite(buffer, 1, 2, 0, 0, arrivals, out var written, out var described));
        Assert.Equal(300, described);

        // Runs of 100 small and 100 lost, a two-bit vector for the large delta after the gap (and 6 more), a run of 93:
        // header 12 + 8 + 4 chunks × 2 + 199 one-byte deltas + one two-byte delta = 229, padded to 232.
        Assert.Equal(232, written);
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        var received = 0;
        foreach (var packet in feedback)
        {
            received += packet.Received ? 1 : 0;
        }

        Assert.Equal(200, received);
    }

    [Fact]
    public void TryParse_DraftRunLengthExample_221PacketsNotReceived()
    {
        // §3.1.3 example 1: |0|00|0000011011101| = a run of 221 "packet not received".
        var packet = Build(baseSequence: 5, count: 221, reference: 0, [0b0_00_0000011011101], []);

        Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));
        var seen = 0;
        foreach (var status in feedback)
        {
            Assert.False(status.Received);
            seen++;
        }

        Assert.Equal(221, seen);
    }

    [Fact]
    public void TryParse_DraftOneBitVectorExample_StatusesInOrder()
    {
        // §3.1.4 example 1: |1|0|01111100011100| = not received, 5 received, 3 not, 3 received, 2 not.
        var packet = Build(baseSequence: 0, count: 14, reference: -1, [0b1_0_01111100011100], [4, 4, 4, 4, 4, 4, 4, 4]);

        Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));
        var statuses = new List<bool>();
        var times = new List<long>();
        foreach (var status in feedback)
        {
            statuses.Add(status.Received);
            if (status.Received)
            {
                times.Add(status.ArrivalMicroseconds);
            }
        }

        Assert.Equal([false, true, true, true, true, true, false, false, false, true, true, true, false, false], statuses);

        // Reference −1 × 64 ms, then 1 ms steps: a negative reference time is signed.
        Assert.Equal(Enumerable.Range(1, 8).Select(i => -64_000L + (i * 1000)), times);
    }

    [Fact]
    public void TryParse_TwoBitVectorWithLargeNegativeDelta_ReadsSignedTwoByteDelta()
    {
        // |1|1|01 10 00 00 00 00 00|: received (small), received (large), then padding symbols beyond the count.
        var packet = Build(baseSequence: 9, count: 2, reference: 1, [0b1_1_01_10_00_00_00_00_00], [8, 0xFF, 0xF0]);

        Assert.True(RtcpTransportFeedback.TryParse(packet, out var feedback));
        var times = new List<long>();
        foreach (var status in feedback)
        {
            times.Add(status.ArrivalMicroseconds);
        }

        Assert.Equal([64_000 + 2000, 64_000 + 2000 - 4000], times);
    }

    [Fact]
    public void TryParse_ReservedSymbolMissingDeltasOrChunks_ReturnsFalse()
    {
        Assert.False(RtcpTransportFeedback.TryParse(Build(0, 1, 0, [0b1_1_11_00_00_00_00_00_00], [1]), out _));
        Assert.False(RtcpTransportFeedback.TryParse(Build(0, 3, 0, [0b0_01_0000000000011], [1, 2]), out _));
        Assert.False(RtcpTransportFeedback.TryParse(Build(0, 20, 0, [0b1_0_11111111111111], new byte[14]), out _));
    }

    [Fact]
    public void TryParse_EveryPrefixAndRandomGarbage_NeverThrows()
    {
        var buffer = new byte[200];
        long[] arrivals = [1000, 2000, -1, 90_000, 3_000_000];
        Assert.True(RtcpTransportFeedback.TryWrite(buffer, 1, 2, 3, 4, arrivals, out var written, out _));
        for (var length = 0; length < written; length++)
        {
            var prefix = buffer.AsSpan(0, length).ToArray();
            if (length >= 4)
            {
                BinaryPrimitives.WriteUInt16BigEndian(prefix.AsSpan(2), (ushort)((length / 4) - 1));
            }

            if (RtcpTransportFeedback.TryParse(prefix, out var parsed))
            {
                foreach (var _ in parsed)
                {
                }
            }
        }

        var random = new Random(11);
        for (var i = 0; i < 2000; i++)
        {
            var garbage = new byte[random.Next(0, 64)];
            random.NextBytes(garbage);
            if (garbage.Length >= 4)
            {
                garbage[0] = (byte)(0x80 | RtcpTransportFeedback.Format);
                garbage[1] = RtcpPacketType.TransportFeedback;
                BinaryPrimitives.WriteUInt16BigEndian(garbage.AsSpan(2), (ushort)((garbage.Length / 4) - 1));
            }

            if (RtcpTransportFeedback.TryParse(garbage, out var parsed))
            {
                foreach (var _ in parsed)
                {
                }
            }
        }
    }

    [Fact]
    public void TryWrite_NothingReceivedOrDeltaBeyondTwoBytes_FalseOrStopsBeforeIt()
    {
        var buffer = new byte[200];
        Assert.False(RtcpTransportFeedback.TryWrite(buffer, 1, 2, 0, 0, [-1, -1], out _, out _));

        Assert.True(RtcpTransportFeedback.TryWrite(buffer, 1, 2, 0, 0, [1000, 2000, 20_000_000], out var written, out var described));
        Assert.Equal(2, described);
        Assert.True(RtcpTransportFeedback.TryParse(buffer.AsSpan(0, written), out var feedback));
        Assert.Equal(2, feedback.PacketStatusCount);
    }

    private static byte[] Build(ushort baseSequence, ushort count, int reference, ushort[] chunks, byte[] deltas)
    {
        var body = 8 + (2 * chunks.Length) + deltas.Length;
        var length = 12 + ((body + 3) & ~3);
        var packet = new byte[length];
        packet[0] = 0x80 | RtcpTransportFeedback.Format;
        packet[1] = RtcpPacketType.TransportFeedback;
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(2), (ushort)((length / 4) - 1));
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(4), 1);
        BinaryPrimitives.WriteUInt32BigEndian(packet.AsSpan(8), 2);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(12), baseSequence);
        BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(14), count);
        packet[16] = (byte)(reference >> 16);
        packet[17] = (byte)(reference >> 8);
        packet[18] = (byte)reference;
        for (var i = 0; i < chunks.Length; i++)
        {
            BinaryPrimitives.WriteUInt16BigEndian(packet.AsSpan(20 + (2 * i)), chunks[i]);
        }

        deltas.CopyTo(packet.AsSpan(20 + (2 * chunks.Length)));
        return packet;
    }
}
