using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public class RtcpFeedbackTests
{
    [Fact]
    public void Nack_KnownBytes_ExpandsPidAndBlp()
    {
        // RTPFB FMT=1, sender 1, media 2, PID 100 with BLP bits 0 and 15 -> 100, 101, 116.
        var bytes = Convert.FromHexString("81CD0003" + "00000001" + "00000002" + "00648001");

        Assert.True(RtcpGenericNack.TryParse(bytes, out var nack));
        Assert.Equal(1u, nack.SenderSsrc);
        Assert.Equal(2u, nack.MediaSsrc);
        var lost = new List<ushort>();
        foreach (var seq in nack)
        {
            lost.Add(seq);
        }

        Assert.Equal(new ushort[] { 100, 101, 116 }, lost);
    }

    [Fact]
    public void Nack_RoundTrip_AcrossWrapPacksIntoBlp()
    {
        ushort[] lost = [65530, 65531, 65535, 0, 9, 10, 40];
        var buffer = new byte[100];
        Assert.True(RtcpGenericNack.TryWrite(buffer, 5, 6, lost, out var written));

        Assert.Equal(12 + (2 * 4), written);
        Assert.True(RtcpGenericNack.TryParse(buffer.AsSpan(0, written), out var nack));
        var read = new List<ushort>();
        foreach (var seq in nack)
        {
            read.Add(seq);
        }

        Assert.Equal(lost, read);
    }

    [Fact]
    public void Nack_EmptyListOrSmallBuffer_ReturnsFalse()
    {
        Assert.False(RtcpGenericNack.TryWrite(new byte[100], 1, 2, [], out _));
        Assert.False(RtcpGenericNack.TryWrite(new byte[15], 1, 2, [1], out _));
    }

    [Fact]
    public void Pli_RoundTrips_AsTwelveBytes()
    {
        var buffer = new byte[12];
        Assert.True(new RtcpPictureLossIndication(0xA, 0xB).TryWrite(buffer, out var written));

        Assert.Equal("81CE0002" + "0000000A" + "0000000B", Convert.ToHexString(buffer, 0, written));
        Assert.True(RtcpPictureLossIndication.TryParse(buffer, out var pli));
        Assert.Equal(new RtcpPictureLossIndication(0xA, 0xB), pli);
        Assert.False(RtcpGenericNack.TryParse(buffer, out _));
    }

    [Fact]
    public void Fir_RoundTrips_WithSequenceNumber()
    {
        var buffer = new byte[20];
        Assert.True(RtcpFullIntraRequest.TryWrite(buffer, 1, 0x12345678, 9, out var written));

        Assert.Equal("84CE0004" + "00000001" + "00000000" + "12345678" + "09000000", Convert.ToHexString(buffer, 0, written));
        Assert.True(RtcpFullIntraRequest.TryParse(buffer, out var fir));
        Assert.Equal(1u, fir.SenderSsrc);
        Assert.Equal(1, fir.Count);
        Assert.Equal((0x12345678u, (byte)9), fir[0]);
        Assert.False(RtcpPictureLossIndication.TryParse(buffer, out _));
    }

    [Fact]
    public void Remb_KnownBytes_ReadsBitrate()
    {
        // Num SSRC 1, exponent 3, mantissa 0x3FFFF -> 262143 * 8 = 2097144 bps.
        var bytes = Convert.FromHexString("8FCE0005" + "00000001" + "00000000" + "52454D42" + "010FFFFF" + "00000009");

        Assert.True(RtcpRemb.TryParse(bytes, out var sender, out var bitrate));
        Assert.Equal(1u, sender);
        Assert.Equal(2097144ul, bitrate);
        Assert.False(RtcpRemb.TryParse(Convert.FromHexString("8FCE0003" + "00000001" + "00000000" + "41424344"), out _, out _));
    }
}
