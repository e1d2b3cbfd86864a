using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpHeaderExtensionReaderTests
{
    // RFC 8285 §4.2 example: ID 1 (1 byte), ID 2 (2 bytes), two padding bytes, ID 3 (4 bytes).
    private const string OneByteExample = "1011" + "21AABB" + "0000" + "33CCDDEEFF";

    // RFC 8285 §4.3 example: ID 1 (empty), ID 2 (1 byte), one padding byte, ID 3 (4 bytes).
    private const string TwoByteExample = "0100" + "020142" + "00" + "030411223344";

    [Fact]
    public void TryReadNext_Rfc8285OneByteExample_ReadsThreeElements()
    {
        var reader = new RtpHeaderExtensionReader(0xBEDE, Convert.FromHexString(OneByteExample));

        Assert.True(reader.TryReadNext(out var id, out var value));
        Assert.Equal((1, "11"), (id, Convert.ToHexString(value)));
        Assert.True(reader.TryReadNext(out id, out value));
        Assert.Equal((2, "AABB"), (id, Convert.ToHexString(value)));
        Assert.True(reader.TryReadNext(out id, out value));
        Assert.Equal((3, "CCDDEEFF"), (id, Convert.ToHexString(value)));
        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void TryReadNext_Rfc8285TwoByteExample_ReadsThreeElements()
    {
        var reader = new RtpHeaderExtensionReader(0x1000, Convert.FromHexString(TwoByteExample));

        Assert.True(reader.TryReadNext(out var id, out var value));
        Assert.Equal((1, ""), (id, Convert.ToHexString(value)));
        Assert.True(reader.TryReadNext(out id, out value));
        Assert.Equal((2, "42"), (id, Convert.ToHexString(value)));
        Assert.True(reader.TryReadNext(out id, out value));
        Assert.Equal((3, "11223344"), (id, Convert.ToHexString(value)));
        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void TryReadNext_IdFifteen_StopsProcessing()
    {
        var reader = new RtpHeaderExtensionReader(0xBEDE, Convert.FromHexString("1011F0102200"));

        Assert.True(reader.TryReadNext(out var id, out _));
        Assert.Equal(1, id);
        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Theory]
    [InlineData(0xBEDE, "13AABB")]
    [InlineData(0x1000, "0105AA")]
    [InlineData(0x1000, "01")]
    public void TryReadNext_ElementOverrunsBlock_ReturnsFalse(int profile, string hex)
    {
        var reader = new RtpHeaderExtensionReader((ushort)profile, Convert.FromHexString(hex));

        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void TryReadNext_UnknownProfile_YieldsNothing()
    {
        var reader = new RtpHeaderExtensionReader(0xABCD, Convert.FromHexString(OneByteExample));

        Assert.Equal(RtpHeaderExtensionForm.None, reader.Form);
        Assert.False(reader.TryReadNext(out _, out _));
    }

    [Fact]
    public void TryReadNext_OneByteIdZeroWithLength_SkippedAsSingleByte()
    {
        var reader = new RtpHeaderExtensionReader(0xBEDE, Convert.FromHexString("05" + "1011"));

        Assert.True(reader.TryReadNext(out var id, out var value));
        Assert.Equal((1, "11"), (id, Convert.ToHexString(value)));
    }
}
