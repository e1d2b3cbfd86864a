using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public class RtcpSourceDescriptionTests
{
    [Theory]
    [InlineData("a")]
    [InlineData("ab")]
    [InlineData("abc")]
    [InlineData("abcd")]
    [InlineData("tandem-cname-0123456789")]
    public void Cname_RoundTrips_PaddedTo32Bits(string cname)
    {
        var buffer = new byte[300];
        var bytes = System.Text.Encoding.UTF8.GetBytes(cname);
        Assert.True(RtcpSourceDescription.TryWriteCname(buffer, 0x11223344, bytes, out var written));

        Assert.Equal(0, written % 4);
        Assert.True(RtcpSourceDescription.TryGetCname(buffer.AsSpan(0, written), out var ssrc, out var read));
        Assert.Equal(0x11223344u, ssrc);
        Assert.Equal(bytes, read.ToArray());
    }

    [Fact]
    public void TryReadNextItem_TwoChunks_ReadsAllItems()
    {
        // SC=2: chunk 1 (SSRC 1: CNAME "ab", NAME "x", end), chunk 2 (SSRC 2: CNAME "c", end).
        var bytes = Convert.FromHexString("82CA0005" + "00000001" + "01026162" + "02017800" + "00000002" + "01016300");

        Assert.True(RtcpSourceDescription.TryParse(bytes, out var sdes));
        Assert.True(sdes.TryReadNextItem(out var ssrc, out var type, out var value));
        Assert.Equal((1u, (byte)1, "ab"), (ssrc, type, System.Text.Encoding.ASCII.GetString(value)));
        Assert.True(sdes.TryReadNextItem(out ssrc, out type, out value));
        Assert.Equal((1u, (byte)2, "x"), (ssrc, type, System.Text.Encoding.ASCII.GetString(value)));
        Assert.True(sdes.TryReadNextItem(out ssrc, out type, out value));
        Assert.Equal((2u, (byte)1, "c"), (ssrc, type, System.Text.Encoding.ASCII.GetString(value)));
        Assert.False(sdes.TryReadNextItem(out _, out _, out _));
    }

    [Fact]
    public void TryReadNextItem_ItemOverrunsPacket_StopsWithoutThrowing()
    {
        var bytes = Convert.FromHexString("81CA0002" + "00000001" + "01096162");

        Assert.True(RtcpSourceDescription.TryParse(bytes, out var sdes));
        Assert.False(sdes.TryReadNextItem(out _, out _, out _));
        Assert.False(RtcpSourceDescription.TryGetCname(bytes, out _, out _));
    }

    [Fact]
    public void Bye_WithReason_RoundTrips()
    {
        var buffer = new byte[64];
        Assert.True(RtcpBye.TryWrite(buffer, [7, 8], "bye now"u8, out var written));

        Assert.Equal(0, written % 4);
        Assert.True(RtcpBye.TryParse(buffer.AsSpan(0, written), out var bye));
        Assert.Equal(2, bye.Count);
        Assert.Equal(7u, bye.GetSsrc(0));
        Assert.Equal(8u, bye.GetSsrc(1));
        Assert.Equal("bye now"u8.ToArray(), bye.Reason.ToArray());
    }

    [Fact]
    public void Bye_NoReason_EmptyReason()
    {
        var buffer = new byte[64];
        Assert.True(RtcpBye.TryWrite(buffer, [7], default, out var written));

        Assert.Equal(8, written);
        Assert.True(RtcpBye.TryParse(buffer.AsSpan(0, written), out var bye));
        Assert.True(bye.Reason.IsEmpty);
        Assert.False(RtcpBye.TryParse(Convert.FromHexString("83CB0001" + "00000007"), out _));
    }
}
