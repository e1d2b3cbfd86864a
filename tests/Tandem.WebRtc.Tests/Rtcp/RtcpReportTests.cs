using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public class RtcpReportTests
{
    private static readonly RtcpReportBlock BlockA = new(0x01020304, 25, 1000, 0x0001_FFFF, 42, 0xAABBCCDD, 0x00010000);
    private static readonly RtcpReportBlock BlockB = new(0x05060708, 0, -3, 7, 0, 0, 0);

    [Fact]
    public void SenderReport_TwoBlocks_RoundTrips()
    {
        var info = new RtcpSenderInfo(0xE123456789ABCDEF, 90000, 1234, 567890);
        var buffer = new byte[100];
        Assert.True(RtcpSenderReport.TryWrite(buffer, 0xCAFEBABE, info, [BlockA, BlockB], out var written));

        Assert.Equal(28 + 48, written);
        Assert.True(RtcpSenderReport.TryParse(buffer.AsSpan(0, written), out var sr));
        Assert.Equal(0xCAFEBABEu, sr.Ssrc);
        Assert.Equal(info, sr.SenderInfo);
        Assert.Equal(2, sr.ReportBlocks.Count);
        Assert.Equal(BlockA, sr.ReportBlocks[0]);
        Assert.Equal(BlockB, sr.ReportBlocks[1]);
    }

    [Fact]
    public void SenderReport_KnownBytes_ParsesFields()
    {
        // V=2 RC=0 PT=200 length=6; SSRC 1; NTP 2.5 s; RTP 3; packets 4; octets 5.
        var bytes = Convert.FromHexString("80C80006" + "00000001" + "0000000280000000" + "00000003" + "00000004" + "00000005");

        Assert.True(RtcpSenderReport.TryParse(bytes, out var sr));
        Assert.Equal(1u, sr.Ssrc);
        Assert.Equal(new RtcpSenderInfo(0x0000000280000000, 3, 4, 5), sr.SenderInfo);
        Assert.Equal(0, sr.ReportBlocks.Count);
    }

    [Fact]
    public void ReceiverReport_RoundTrips_NegativeLostPreserved()
    {
        var buffer = new byte[60];
        Assert.True(RtcpReceiverReport.TryWrite(buffer, 99, [BlockB], out var written));

        Assert.True(RtcpReceiverReport.TryParse(buffer.AsSpan(0, written), out var rr));
        Assert.Equal(99u, rr.Ssrc);
        Assert.Equal(BlockB, rr.ReportBlocks[0]);
        Assert.Equal(-3, rr.ReportBlocks[0].CumulativeLost);
    }

    [Fact]
    public void ReceiverReport_NoBlocks_IsEightBytes()
    {
        var buffer = new byte[8];
        Assert.True(RtcpReceiverReport.TryWrite(buffer, 5, [], out var written));

        Assert.Equal("80C9000100000005", Convert.ToHexString(buffer, 0, written));
    }

    [Fact]
    public void ReportBlock_CumulativeLostBeyond24Bits_Clamped()
    {
        var buffer = new byte[40];
        Assert.True(RtcpReceiverReport.TryWrite(buffer, 1, [BlockA with { CumulativeLost = 20_000_000 }], out var written));

        Assert.True(RtcpReceiverReport.TryParse(buffer.AsSpan(0, written), out var rr));
        Assert.Equal(0x7FFFFF, rr.ReportBlocks[0].CumulativeLost);
    }

    [Fact]
    public void Parse_CountClaimsMoreBlocksThanPresent_ReturnsFalse()
    {
        var buffer = new byte[60];
        Assert.True(RtcpReceiverReport.TryWrite(buffer, 1, [BlockA], out var written));
        buffer[0] = 0x82;

        Assert.False(RtcpReceiverReport.TryParse(buffer.AsSpan(0, written), out _));
        Assert.False(RtcpSenderReport.TryParse(buffer.AsSpan(0, written), out _));
    }

    [Fact]
    public void TryWrite_BufferTooSmall_ReturnsFalse()
    {
        Assert.False(RtcpSenderReport.TryWrite(new byte[27], 1, default, [], out var written));
        Assert.Equal(0, written);
        Assert.False(RtcpReceiverReport.TryWrite(new byte[31], 1, [BlockA], out _));
    }

    [Fact]
    public void RoundTripTime_NoSenderReportYet_ReturnsFalse()
    {
        Assert.False((BlockA with { LastSenderReport = 0 }).TryGetRoundTripTime(123456, out _));
        Assert.False(BlockA.TryGetRoundTripTime(BlockA.LastSenderReport, out _));
        Assert.True(BlockA.TryGetRoundTripTime(BlockA.LastSenderReport + 0x00018000, out var rtt));
        Assert.Equal(TimeSpan.FromMilliseconds(500), rtt);
    }
}
