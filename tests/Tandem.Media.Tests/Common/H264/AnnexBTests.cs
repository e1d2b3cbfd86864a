using Tandem.Common.H264;

namespace Tandem.Media.Tests.Common.H264;

/// <summary>The one Annex-B scanner and NAL header parser both libraries compile from src/Common.</summary>
public class AnnexBTests
{
    [Fact]
    public void FindStartCode_FourByteCode_ReportsLeadingZero()
    {
        int index = AnnexB.FindStartCode([0xAB, 0, 0, 0, 1, 0x67], out int prefix);

        Assert.Equal(1, index);
        Assert.Equal(4, prefix);
        Assert.Equal(-1, AnnexB.FindStartCode([0, 0, 2, 0, 0], out _));
    }

    [Fact]
    public void EnumerateNalUnits_MixedStartCodes_ReturnsEachUnitWithItsOffset()
    {
        // Junk before the first start code, a 4-byte and a 3-byte code, an empty unit, trailing zeros.
        byte[] stream = [0xAB, 0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE, 0, 0, 0, 1, 0, 0, 1, 0x65, 0x88, 0x80, 0, 0];
        var units = new List<(int Offset, byte[] Bytes)>();

        var nals = AnnexB.EnumerateNalUnits(stream);
        while (nals.MoveNext())
        {
            units.Add((nals.CurrentOffset, nals.Current.ToArray()));
        }

        Assert.Equal([5, 10, 19], units.Select(u => u.Offset));
        Assert.Equal([[0x67, 0x42], [0x68, 0xCE], [0x65, 0x88, 0x80]], units.Select(u => u.Bytes));
        Assert.All(units, u => Assert.Equal(u.Bytes, stream.AsSpan(u.Offset, u.Bytes.Length).ToArray()));
    }

    [Theory]
    [InlineData(new byte[0])]
    [InlineData(new byte[] { 0x65, 0x88 })]
    [InlineData(new byte[] { 0, 0, 1 })]
    [InlineData(new byte[] { 0, 0, 0, 1, 0, 0, 0 })]
    public void EnumerateNalUnits_NoUnit_YieldsNothing(byte[] stream)
    {
        var nals = AnnexB.EnumerateNalUnits(stream);

        Assert.False(nals.MoveNext());
    }

    [Fact]
    public void ContainsIdr_KeyframeAndDeltaUnits_TellsThemApart()
    {
        byte[] keyframe = [0, 0, 0, 1, 0x67, 0x42, 0, 0, 1, 0x68, 0xCE, 0, 0, 1, 0x65, 0x88];
        byte[] delta = [0, 0, 0, 1, 0x41, 0x9A];

        Assert.True(AnnexB.ContainsIdr(keyframe));
        Assert.True(AnnexB.Contains(keyframe, H264NalUnitType.Pps));
        Assert.False(AnnexB.ContainsIdr(delta));
        Assert.False(AnnexB.Contains(delta, H264NalUnitType.Sps));
    }

    [Fact]
    public void NalHeader_IdrByte_DecodesFields()
    {
        var header = new H264NalHeader(0x65);

        Assert.Equal(H264NalUnitType.IdrSlice, header.Type);
        Assert.Equal(3, header.NalRefIdc);
        Assert.False(header.ForbiddenBit);
        Assert.True(header.IsVcl);
        Assert.False(new H264NalHeader(0x67).IsVcl);
        Assert.False(H264NalHeader.TryRead([], out _));
    }

    [Theory]
    [InlineData(0x7C, 28)]
    [InlineData(0x78, 24)]
    [InlineData(0xE5, 5)]
    [InlineData(0x09, 9)]
    public void TypeOf_HeaderByte_TakesLowFiveBits(byte header, int expected)
    {
        Assert.Equal((H264NalUnitType)expected, H264NalHeader.TypeOf(header));
    }
}
