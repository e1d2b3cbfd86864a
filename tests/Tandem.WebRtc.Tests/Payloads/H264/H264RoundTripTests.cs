using Tandem.WebRtc.Payloads.H264;

namespace Tandem.WebRtc.Tests.Payloads.H264;

public sealed class H264RoundTripTests(AnnexBTestStream stream) : IClassFixture<AnnexBTestStream>
{
    private sealed record Packet(byte[] Payload, uint Timestamp, bool Marker, ushort Sequence);

    private sealed record Frame(byte[] AnnexB, uint Timestamp, bool IsKeyframe, bool IsDamaged);

    [Fact]
    public void Fixture_EncoderStream_HasIdrsAudsAndSpsOnlyOnce()
    {
        var idrUnits = stream.AccessUnits.Count(u => u.Any(n => (n[0] & 0x1F) == 5));
        var spsUnits = stream.AccessUnits.Count(u => u.Any(n => (n[0] & 0x1F) == 7));

        Assert.Equal(60, stream.AccessUnits.Count);
        Assert.All(stream.AccessUnits, u => Assert.Equal(9, u[0][0] & 0x1F));
        Assert.True(idrUnits >= 4, $"expected an IDR every 15 frames, got {idrUnits}");
        Assert.Equal(1, spsUnits);
    }

    [Fact]
    public void RoundTrip_EncoderStream_AccessUnitsByteIdentical()
    {
        var packets = PacketizeAll(1200);
        var frames = Depacketize(packets);

        Assert.Equal(stream.AccessUnits.Count, frames.Count);
        for (var i = 0; i < frames.Count; i++)
        {
            var expected = Expected(stream.AccessUnits[i]);
            Assert.Equal(AnnexBTestStream.ToAnnexB(expected), frames[i].AnnexB);
            Assert.Equal((uint)(i * 3000), frames[i].Timestamp);
            Assert.False(frames[i].IsDamaged);
            Assert.Equal(expected.Any(n => (n[0] & 0x1F) == 5), frames[i].IsKeyframe);
        }
    }

    [Fact]
    public void RoundTrip_EncoderStream_FfprobeDecodesSameFrameCount()
    {
        var frames = Depacketize(PacketizeAll(1200));
        var path = Path.Combine(stream.Directory, "reassembled.h264");
        File.WriteAllBytes(path, [.. frames.SelectMany(f => f.AnnexB)]);

        Assert.Equal(AnnexBTestStream.CountDecodedFrames(stream.SourcePath), AnnexBTestStream.CountDecodedFrames(path));
        Assert.Equal(60, AnnexBTestStream.CountDecodedFrames(path));
    }

    [Fact]
    public void Packetize_EncoderStream_PayloadsWithinBudgetAndMarkerOnLastOfUnit()
    {
        var packets = PacketizeAll(500);

        Assert.All(packets, p => Assert.InRange(p.Payload.Length, 1, 500));
        foreach (var group in packets.GroupBy(p => p.Timestamp))
        {
            Assert.True(group.Last().Marker);
            Assert.All(group.SkipLast(1), p => Assert.False(p.Marker));
        }

        Assert.Contains(packets, p => (p.Payload[0] & 0x1F) == 28);
    }

    [Fact]
    public void Packetize_EveryIdrUnit_StartsWithStapAHoldingSpsAndPps()
    {
        var packets = PacketizeAll(1200);
        var idrTimestamps = new HashSet<uint>();
        for (var i = 0; i < stream.AccessUnits.Count; i++)
        {
            if (stream.AccessUnits[i].Any(n => (n[0] & 0x1F) == 5))
            {
                idrTimestamps.Add((uint)(i * 3000));
            }
        }

        foreach (var ts in idrTimestamps)
        {
            var first = packets.First(p => p.Timestamp == ts).Payload;
            Assert.Equal(24, first[0] & 0x1F);
            var firstSize = (first[1] << 8) | first[2];
            Assert.Equal(7, first[3] & 0x1F);
            Assert.Equal(8, first[3 + firstSize + 2] & 0x1F);
        }
    }

    [Fact]
    public void Depacketize_DroppedPackets_FramesWithLossAreFlagged()
    {
        var packets = PacketizeAll(1200);
        var dropped = new HashSet<int>();
        for (var i = 7; i < packets.Count; i += 37)
        {
            dropped.Add(i);
        }

        var frames = Depacketize(packets.Where((_, i) => !dropped.Contains(i)).ToList());
        var byTimestamp = frames.ToDictionary(f => f.Timestamp);

        foreach (var index in dropped)
        {
            var ts = packets[index].Timestamp;
            var flagged = byTimestamp.TryGetValue(ts, out var frame) ? frame.IsDamaged : byTimestamp[ts + 3000].IsDamaged;
            Assert.True(flagged, $"loss of packet {index} (ts {ts}) not flagged");
        }

        var damagedTimestamps = dropped.Select(i => packets[i].Timestamp).ToHashSet();
        foreach (var frame in frames.Where(f => !f.IsDamaged))
        {
            Assert.DoesNotContain(frame.Timestamp, damagedTimestamps);
            var expected = Expected(stream.AccessUnits[(int)(frame.Timestamp / 3000)]);
            Assert.Equal(AnnexBTestStream.ToAnnexB(expected), frame.AnnexB);
        }

        Assert.InRange(frames.Count(f => f.IsDamaged), dropped.Count, 2 * dropped.Count);
    }

    /// <summary>The input unit as the packetizer should deliver it: without AUD/filler, IDR units led by SPS and PPS.</summary>
    private List<byte[]> Expected(List<byte[]> unit)
    {
        var kept = unit.Where(n => (n[0] & 0x1F) is not (9 or 12)).ToList();
        if (!kept.Any(n => (n[0] & 0x1F) == 5))
        {
            return kept;
        }

        var sps = stream.AccessUnits.SelectMany(u => u).First(n => (n[0] & 0x1F) == 7);
        var pps = stream.AccessUnits.SelectMany(u => u).First(n => (n[0] & 0x1F) == 8);
        return [sps, pps, .. kept.Where(n => (n[0] & 0x1F) is not (7 or 8))];
    }

    private List<Packet> PacketizeAll(int maxPayload)
    {
        var packetizer = new H264Packetizer(maxPayload);
        var packets = new List<Packet>();
        for (var i = 0; i < stream.AccessUnits.Count; i++)
        {
            // Feed each unit with 3-byte start codes to check both start-code lengths are accepted.
            var annexB = stream.AccessUnits[i].SelectMany(n => (byte[])[0, 0, 1, .. n]).ToArray();
            packetizer.Packetize(annexB, (uint)(i * 3000), packets, static (payload, ts, marker, list) =>
                list.Add(new Packet(payload.ToArray(), ts, marker, (ushort)(60000 + list.Count))));
        }

        return packets;
    }

    private static List<Frame> Depacketize(List<Packet> packets)
    {
        var frames = new List<Frame>();
        using var depacketizer = new H264Depacketizer(f => frames.Add(new Frame(f.AnnexB.ToArray(), f.RtpTimestamp, f.IsKeyframe, f.IsDamaged)));
        foreach (var p in packets)
        {
            depacketizer.Push(p.Sequence, p.Timestamp, p.Marker, p.Payload);
        }

        return frames;
    }
}
