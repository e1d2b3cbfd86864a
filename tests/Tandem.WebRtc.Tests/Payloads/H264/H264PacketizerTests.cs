using Tandem.WebRtc.Payloads.H264;

namespace Tandem.WebRtc.Tests.Payloads.H264;

public class H264PacketizerTests
{
    private static readonly byte[] Sps = [0x67, 0x42, 0xC0, 0x1F, 0xDA];
    private static readonly byte[] Pps = [0x68, 0xCE, 0x3C, 0x80];
    private static readonly byte[] Aud = [0x09, 0xF0];
    private static readonly byte[] Filler = [0x0C, 0xFF, 0xFF, 0x80];

    [Fact]
    public void Packetize_SmallNonIdrSlice_SingleNalUnitPacketWithMarker()
    {
        var slice = Nal(0x41, 50);

        var packets = Run(new H264Packetizer(), AnnexB(Aud, slice, Filler), 1234);

        var packet = Assert.Single(packets);
        Assert.Equal(slice, packet.Payload);
        Assert.True(packet.Marker);
        Assert.Equal(1234u, packet.Timestamp);
    }

    [Fact]
    public void Packetize_IdrWithParameterSets_StapAThenFuA()
    {
        var idr = Nal(0x65, 3000);

        var packets = Run(new H264Packetizer(1200), AnnexB(Sps, Pps, idr), 90000);

        // RFC 6184 §5.7.1 layout: STAP-A header, then (size, NAL) pairs; NRI is the maximum (3 from SPS).
        Assert.Equal(
            Convert.FromHexString("78" + "0005" + "6742C01FDA" + "0004" + "68CE3C80"),
            packets[0].Payload);
        Assert.Equal(4, packets.Count);
        var fuA = packets.Skip(1).ToList();
        Assert.All(fuA, p => Assert.Equal(0x7C, p.Payload[0]));
        Assert.Equal(0x85, fuA[0].Payload[1]);
        Assert.Equal(0x05, fuA[1].Payload[1]);
        Assert.Equal(0x45, fuA[2].Payload[1]);
        Assert.Equal(idr[1..], fuA.SelectMany(p => p.Payload[2..]).ToArray());
        Assert.Equal([false, false, false, true], packets.Select(p => p.Marker));
        Assert.All(packets, p => Assert.True(p.Payload.Length <= 1200));
    }

    [Fact]
    public void Packetize_LaterIdrWithoutParameterSets_InjectsRememberedOnes()
    {
        var packetizer = new H264Packetizer();
        Run(packetizer, AnnexB(Sps, Pps, Nal(0x65, 100)), 0);
        Run(packetizer, AnnexB(Nal(0x41, 100)), 3000);

        var packets = Run(packetizer, AnnexB(Aud, Nal(0x06, 10), Nal(0x65, 2000)), 6000);

        var stap = packets[0].Payload;
        Assert.Equal(24, stap[0] & 0x1F);
        Assert.Equal(Sps, stap[3..8]);
        Assert.Equal(Pps, stap[10..14]);
        Assert.All(packets, p => Assert.Equal(6000u, p.Timestamp));
        Assert.True(packetizer.HasParameterSets);
    }

    [Fact]
    public void Packetize_NewSpsInStream_ReplacesRememberedOne()
    {
        var packetizer = new H264Packetizer();
        byte[] newSps = [0x67, 0x64, 0x00, 0x28, 0xAC];
        Run(packetizer, AnnexB(Sps, Pps, Nal(0x65, 10)), 0);
        Run(packetizer, AnnexB(newSps, Pps, Nal(0x65, 10)), 3000);

        var packets = Run(packetizer, AnnexB(Nal(0x65, 10)), 6000);

        Assert.Equal(newSps, packets[0].Payload[3..8]);
    }

    [Fact]
    public void Packetize_OnlyAudAndFiller_NoPayload()
    {
        Assert.Empty(Run(new H264Packetizer(), AnnexB(Aud, Filler), 0));
        Assert.Empty(Run(new H264Packetizer(), [0x00, 0x00, 0x00], 0));
        Assert.Empty(Run(new H264Packetizer(), [], 0));
    }

    [Fact]
    public void Packetize_NalExactlyMaxPayload_SentWhole()
    {
        var nal = Nal(0x41, 100);

        var packets = Run(new H264Packetizer(100), AnnexB(nal), 0);

        Assert.Equal(nal, Assert.Single(packets).Payload);
    }

    [Fact]
    public void Constructor_BudgetOutOfRange_Throws()
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer(15));
        Assert.Throws<ArgumentOutOfRangeException>(() => new H264Packetizer(65_536));
    }

    [Fact]
    public void Packetize_ReservedNalTypes_NotSent()
    {
        var packets = Run(new H264Packetizer(), AnnexB([0x00, 1], [0x78, 2], [0x7C, 3], Nal(0x41, 10)), 0);

        Assert.Equal(Nal(0x41, 10), Assert.Single(packets).Payload);
    }

    [Fact]
    public void Packetize_RandomBytesWithStartCodes_NeverThrowsAndRespectsBudget()
    {
        var random = new Random(5);
        var packetizer = new H264Packetizer(100);
        var total = 0;
        for (var i = 0; i < 3_000; i++)
        {
            var unit = new byte[random.Next(400)];
            random.NextBytes(unit);
            for (var k = 0; k + 3 < unit.Length; k += random.Next(3, 80))
            {
                unit[k] = 0;
                unit[k + 1] = 0;
                unit[k + 2] = 1;
            }

            var packets = Run(packetizer, unit, (uint)i);
            Assert.All(packets, p => Assert.InRange(p.Payload.Length, 1, 100));
            Assert.All(packets, p => Assert.NotEqual(0, p.Payload[0] & 0x1F));
            if (packets.Count > 0)
            {
                Assert.True(packets[^1].Marker);
            }

            total += packets.Count;
        }

        Assert.True(total > 1_000);
    }

    internal static byte[] Nal(byte header, int length)
    {
        var nal = new byte[length];
        nal[0] = header;
        for (var i = 1; i < length; i++)
        {
            nal[i] = (byte)((i * 7) | 1);
        }

        return nal;
    }

    internal static byte[] AnnexB(params byte[][] nals) => [.. nals.SelectMany(n => (byte[])[0, 0, 0, 1, .. n])];

    internal static List<(byte[] Payload, uint Timestamp, bool Marker)> Run(H264Packetizer packetizer, byte[] accessUnit, uint timestamp)
    {
        var packets = new List<(byte[] Payload, uint Timestamp, bool Marker)>();
        var count = packetizer.Packetize(accessUnit, timestamp, packets, static (payload, ts, marker, list) => list.Add((payload.ToArray(), ts, marker)));
        Assert.Equal(packets.Count, count);
        return packets;
    }
}
