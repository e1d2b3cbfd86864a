using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public class RtcpCompoundTests
{
    [Fact]
    public void Compound_WriteThenRead_YieldsEachPacketInOrder()
    {
        var buffer = new byte[300];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryAddSenderReport(1, new RtcpSenderInfo(2, 3, 4, 5), [new RtcpReportBlock(9, 0, 0, 1, 0, 0, 0)]));
        Assert.True(writer.TryAddCname(1, "cname"u8));
        Assert.True(writer.TryAddNack(1, 9, [5, 6]));
        Assert.True(writer.TryAddPictureLossIndication(1, 9));
        Assert.True(writer.TryAddFullIntraRequest(1, 9, 1));
        Assert.True(writer.TryAddBye([1]));
        Assert.True(writer.TryAddReceiverReport(1, []));

        var reader = new RtcpCompoundReader(writer.Written);
        var types = new List<(byte, int)>();
        while (reader.TryReadNext(out var header, out var packet))
        {
            types.Add((header.PacketType, header.Count));
            Assert.Equal(header.PacketLength, packet.Length);
        }

        Assert.False(reader.IsMalformed);
        Assert.Equal(
            [(200, 1), (202, 1), (205, 1), (206, 1), (206, 4), (203, 1), (201, 0)],
            types);
    }

    [Fact]
    public void Compound_WriterFull_LeavesWrittenPacketsIntact()
    {
        var buffer = new byte[40];
        var writer = new RtcpCompoundWriter(buffer);
        Assert.True(writer.TryAddReceiverReport(1, []));
        Assert.True(writer.TryAddPictureLossIndication(1, 2));

        Assert.False(writer.TryAddCname(1, "a-long-cname-that-does-not-fit"u8));
        Assert.Equal(20, writer.Length);
    }

    [Fact]
    public void Reader_ReducedSizeFeedbackOnly_Accepted()
    {
        var buffer = new byte[12];
        Assert.True(new RtcpPictureLossIndication(1, 2).TryWrite(buffer, out _));

        var reader = new RtcpCompoundReader(buffer);
        Assert.True(reader.TryReadNext(out var header, out var packet));
        Assert.True(RtcpPictureLossIndication.TryParse(packet, out _));
        Assert.Equal(206, header.PacketType);
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Reader_UnknownTypesTwccAndApp_SkippedToFollowingPackets()
    {
        // RR, TWCC (RTPFB FMT 15, opaque), APP (204), XR (207), then PLI.
        var hex = "80C90001" + "00000001"
            + "8FCD0004" + "00000001" + "00000002" + "0001000220000000"
            + "80CC0002" + "00000001" + "41424344"
            + "80CF0001" + "00000001"
            + "81CE0002" + "00000001" + "00000002";
        var reader = new RtcpCompoundReader(Convert.FromHexString(hex));
        var plis = 0;
        var count = 0;
        while (reader.TryReadNext(out _, out var packet))
        {
            count++;
            Assert.False(RtcpGenericNack.TryParse(packet, out _) && count == 2);
            plis += RtcpPictureLossIndication.TryParse(packet, out _) ? 1 : 0;
        }

        Assert.Equal(5, count);
        Assert.Equal(1, plis);
        Assert.False(reader.IsMalformed);
    }

    [Fact]
    public void Reader_LengthOverrunsDatagram_StopsAsMalformed()
    {
        var reader = new RtcpCompoundReader(Convert.FromHexString("80C90001" + "00000001" + "80C90005" + "00000001"));

        Assert.True(reader.TryReadNext(out _, out _));
        Assert.False(reader.TryReadNext(out _, out _));
        Assert.True(reader.IsMalformed);
    }

    [Fact]
    public void Reader_PaddedPacket_BodyExcludesPadding()
    {
        // RR with P=1: 4 padding bytes (count 4) after the SSRC.
        var bytes = Convert.FromHexString("A0C90002" + "00000001" + "00000004");

        Assert.True(RtcpHeader.TryRead(bytes, out var header));
        Assert.Equal(4, header.PaddingLength);
        Assert.Equal(4, header.BodyLength);
        Assert.True(RtcpReceiverReport.TryParse(bytes, out var rr));
        Assert.Equal(1u, rr.Ssrc);
    }

    [Theory]
    [InlineData("80C9")]
    [InlineData("40C90000")]
    [InlineData("A0C90001" + "00000000")]
    [InlineData("A0C90001" + "00000009")]
    public void Header_Malformed_ReturnsFalse(string hex)
    {
        Assert.False(RtcpHeader.TryRead(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void IsRtcp_DemultiplexesByPayloadType()
    {
        Assert.True(RtcpPacketType.IsRtcp(Convert.FromHexString("80C8")));
        Assert.True(RtcpPacketType.IsRtcp(Convert.FromHexString("81CE")));
        Assert.False(RtcpPacketType.IsRtcp(Convert.FromHexString("8060")));
        Assert.False(RtcpPacketType.IsRtcp(Convert.FromHexString("80E0")));
    }
}
