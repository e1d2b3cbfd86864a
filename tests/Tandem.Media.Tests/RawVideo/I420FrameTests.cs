using Tandem.Media.RawVideo;

namespace Tandem.Media.Tests.RawVideo;

public class I420FrameTests
{
    [Fact]
    public void FromPacked_SplitsPlanesAtQuarterSizes()
    {
        var buffer = new byte[I420Frame.PackedSize(4, 2)];
        for (int i = 0; i < buffer.Length; i++)
        {
            buffer[i] = (byte)i;
        }

        var frame = I420Frame.FromPacked(buffer, 4, 2);

        Assert.Equal(12, buffer.Length);
        Assert.Equal([0, 1, 2, 3, 4, 5, 6, 7], frame.Y.ToArray());
        Assert.Equal([8, 9], frame.U.ToArray());
        Assert.Equal([10, 11], frame.V.ToArray());
        Assert.Equal((4, 2, 2), (frame.StrideY, frame.StrideU, frame.StrideV));
    }

    [Theory]
    [InlineData(3, 2)]
    [InlineData(4, 5)]
    [InlineData(0, 2)]
    [InlineData(-2, 2)]
    public void PackedSize_OddOrNonPositive_Throws(int width, int height)
    {
        var error = Assert.Throws<ArgumentException>(() => I420Frame.PackedSize(width, height));

        Assert.Contains($"positive, even width and height (4:2:0 chroma is half size); got {width}×{height}", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_StrideShorterThanRow_ThrowsNamingThePlane()
    {
        var plane = new byte[100];

        var error = Assert.Throws<ArgumentException>(() => new I420Frame(8, 4, plane, 8, plane, 3, plane, 4));

        Assert.Equal("u", error.ParamName);
        Assert.Contains("stride 3 is shorter than its row of 4 bytes", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Constructor_PlaneShort_ThrowsWithSizes()
    {
        var luma = new byte[(16 * 3) + 8 - 1];
        var chroma = new byte[8];

        var error = Assert.Throws<ArgumentException>(() => new I420Frame(8, 4, luma, 16, chroma, 4, chroma, 4));

        Assert.Equal("y", error.ParamName);
        Assert.Contains("4 rows of 8 bytes at stride 16 need 56 bytes; it has 55", error.Message, StringComparison.Ordinal);
    }
}
