using Tandem.Media.H264;

namespace Tandem.Media.Tests.H264;

public class H264SpsTests
{
    // x264 baseline SPS for 1280x720 (captured from ffmpeg output; 720 = 45 MBs, no cropping).
    private static readonly byte[] Baseline720p = Convert.FromHexString("6742C01FDA014016EC0440000003004000000F23C60CA8");

    [Fact]
    public void TryParse_Baseline720p_ReadsProfileLevelAndSize()
    {
        Assert.True(H264Sps.TryParse(Baseline720p, out var sps));

        Assert.Equal(66, sps.ProfileIdc);
        Assert.Equal(0xC0, sps.ConstraintFlags);
        Assert.Equal(31, sps.LevelIdc);
        Assert.Equal("42c01f", sps.ProfileLevelId);
        Assert.Equal(1280, sps.Width);
        Assert.Equal(720, sps.Height);
        Assert.Equal(1, sps.ChromaFormatIdc);
        Assert.Equal(8, sps.BitDepthLuma);
        Assert.Equal(30.0, sps.FrameRate);
    }

    [Fact]
    public void TryParse_EveryTruncation_ReturnsFalseWithoutThrowing()
    {
        for (int length = 0; length < Baseline720p.Length - 4; length++)
        {
            Assert.False(H264Sps.TryParse(Baseline720p.AsSpan(0, length), out _), $"length {length}");
        }
    }

    [Fact]
    public void TryParse_NotAnSps_ReturnsFalse()
    {
        byte[] pps = [0x68, 0x42, 0xC0, 0x1F, 0xD9];

        Assert.False(H264Sps.TryParse(pps, out _));
    }

    [Fact]
    public void TryParse_RandomBytes_NeverThrows()
    {
        var random = new Random(5);
        var nal = new byte[40];
        for (int i = 0; i < 2000; i++)
        {
            random.NextBytes(nal);
            nal[0] = 0x67;
            if (H264Sps.TryParse(nal, out var sps))
            {
                Assert.True(sps.Width > 0 && sps.Height > 0);
            }
        }
    }

    [Fact]
    public void RemoveEmulationPrevention_Escapes_AreDropped()
    {
        byte[] escaped = [0x11, 0x00, 0x00, 0x03, 0x01, 0x00, 0x00, 0x03, 0x00, 0x00, 0x03];
        var rbsp = new byte[escaped.Length];

        int length = H264Rbsp.RemoveEmulationPrevention(escaped, rbsp);

        Assert.Equal(new byte[] { 0x11, 0x00, 0x00, 0x01, 0x00, 0x00, 0x00, 0x00 }, rbsp[..length]);
    }

    [Theory]
    [InlineData("80", 0u)]
    [InlineData("40", 1u)]
    [InlineData("60", 2u)]
    [InlineData("20", 3u)]
    [InlineData("38", 6u)]
    [InlineData("10", 7u)]
    [InlineData("0880", 16u)]
    public void ReadUe_Table9_2_DecodesCodeNumbers(string hex, uint expected)
    {
        var reader = new H264BitReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadUe());
        Assert.False(reader.HasError);
    }

    [Theory]
    [InlineData("80", 0)]
    [InlineData("40", 1)]
    [InlineData("60", -1)]
    [InlineData("20", 2)]
    [InlineData("28", -2)]
    public void ReadSe_Table9_3_MapsSigns(string hex, int expected)
    {
        var reader = new H264BitReader(Convert.FromHexString(hex));

        Assert.Equal(expected, reader.ReadSe());
    }

    [Fact]
    public void ReadUe_AllZeros_SetsError()
    {
        var reader = new H264BitReader(new byte[5]);

        Assert.Equal(0u, reader.ReadUe());
        Assert.True(reader.HasError);
    }

    [Fact]
    public void ReadBits_PastEnd_SetsError()
    {
        var reader = new H264BitReader([0xA5]);

        Assert.Equal(0xA5u, reader.ReadBits(8));
        Assert.False(reader.HasError);
        reader.ReadBit();
        Assert.True(reader.HasError);
    }
}
