using Tandem.Media.RawVideo;

namespace Tandem.Media.Tests.RawVideo;

public class TestPatternTests
{
    [Theory]
    [InlineData(0)]
    [InlineData(1)]
    [InlineData(0x8001)]
    [InlineData(65_535)]
    [InlineData(65_536 + 7)]
    public void Draw_ThenRead_GivesTheIndexBack(long index)
    {
        var frame = new RawVideoFrame(320, 240);

        TestPattern.Draw(frame, index);

        Assert.True(TestPattern.TryReadIndex(frame.Y, 320, 240, 320, out int read));
        Assert.Equal((int)(index % 65_536), read);
        Assert.Equal(index, frame.Index);
    }

    [Fact]
    public void Draw_ConsecutiveFrames_Differ()
    {
        var first = new RawVideoFrame(64, 32);
        var second = new RawVideoFrame(64, 32);

        TestPattern.Draw(first, 10);
        TestPattern.Draw(second, 11);

        // Below the index strip too: the ramp, the square and the noise move.
        Assert.False(first.Y[(16 * 64)..].SequenceEqual(second.Y[(16 * 64)..]));
        Assert.False(first.U.SequenceEqual(second.U));
    }

    [Fact]
    public void TryReadIndex_GrayPicture_IsFalse()
    {
        var gray = new byte[320 * 240];
        Array.Fill(gray, (byte)128);

        Assert.False(TestPattern.TryReadIndex(gray, 320, 240, 320, out _));
        Assert.False(TestPattern.TryReadIndex(gray, 320, 240, 320 * 2, out _));
    }

    [Fact]
    public void Draw_TooSmall_Throws()
    {
        var error = Assert.Throws<ArgumentException>(() => TestPattern.Draw(new RawVideoFrame(30, 32), 0));

        Assert.Contains("at least 32×32", error.Message, StringComparison.Ordinal);
    }
}
