using Tandem.Media.Clock;
using Tandem.Media.H264;
using Tandem.Media.RawVideo;
using Tandem.Media.X264;

namespace Tandem.Media.Tests.X264;

public class X264EncoderSetupTests
{
    [Theory]
    [InlineData(320, 240, null, "42c014")]
    [InlineData(640, 360, null, "42c01e")]
    [InlineData(1280, 720, null, "42c01f")]
    [InlineData(320, 240, "3.1", "42c01f")]
    public void ProfileLevelId_IsTheSpsOfEveryIdrAndConstrainedBaseline(int width, int height, string? level, string expected)
    {
        using var encoder = new X264Encoder(new X264EncoderOptions { Width = width, Height = height, Level = level, KeyframeInterval = 5 });

        var pictures = PatternEncoding.Encode(encoder, 11);

        Assert.Equal(expected, encoder.ProfileLevelId);

        // RFC 6184 §8.1 Table 5: profile_idc 66 with constraint_set1 is Constrained Baseline, which a 42e01f answerer accepts up to level 3.1.
        Assert.Equal(66, encoder.Sps.ProfileIdc);
        Assert.NotEqual(0, encoder.Sps.ConstraintFlags & 0x40);
        Assert.InRange(encoder.Sps.LevelIdc, 10, 31);
        Assert.Equal((width, height), (encoder.Sps.Width, encoder.Sps.Height));
        var idrs = pictures.Where(p => p.IsKeyframe).ToList();
        Assert.Equal(3, idrs.Count);
        Assert.All(idrs, p =>
        {
            using var unit = H264AccessUnit.CopyFrom(p.AnnexB);
            Assert.True(unit.TryGetSps(out var sps));
            Assert.Equal(encoder.ProfileLevelId, sps.ProfileLevelId);
        });
    }

    [Theory]
    [InlineData(321, 240)]
    [InlineData(320, 241)]
    [InlineData(0, 240)]
    public void Constructor_OddOrZeroSize_ThrowsArgumentException(int width, int height)
    {
        var error = Assert.ThrowsAny<ArgumentException>(() => new X264Encoder(PatternEncoding.Small with { Width = width, Height = height }));

        Assert.Contains($"{width}×{height}", error.Message, StringComparison.Ordinal);
        Assert.Contains("even", error.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(-30)]
    [InlineData(double.NaN)]
    public void Constructor_BadFrameRate_ThrowsNamingIt(double frameRate)
    {
        var error = Assert.Throws<ArgumentOutOfRangeException>(() => new X264Encoder(PatternEncoding.Small with { FrameRate = frameRate }));

        Assert.Equal(nameof(X264EncoderOptions.FrameRate), error.ParamName);
    }

    [Fact]
    public void Constructor_BadOptions_ThrowClearErrors()
    {
        Assert.Equal("Bitrate", Assert.Throws<ArgumentOutOfRangeException>(() => new X264Encoder(PatternEncoding.Small with { Bitrate = 5 })).ParamName);
        Assert.Equal("RateBuffer", Assert.Throws<ArgumentOutOfRangeException>(() => new X264Encoder(PatternEncoding.Small with { RateBuffer = TimeSpan.Zero })).ParamName);
        Assert.Contains("preset 'warp'", Assert.Throws<ArgumentException>(() => new X264Encoder(PatternEncoding.Small with { Preset = "warp" })).Message, StringComparison.Ordinal);
        Assert.Contains("level=9.9", Assert.Throws<ArgumentException>(() => new X264Encoder(PatternEncoding.Small with { Level = "9.9" })).Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Encode_ShortBuffer_ThrowsBeforeEncoding()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small);
        var buffer = new byte[I420Frame.PackedSize(320, 240) - 1];

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(I420Frame.FromPacked(buffer, 320, 240), MediaInstant.Zero));

        Assert.Contains("needs 115200 bytes; the buffer has 115199", error.Message, StringComparison.Ordinal);
        Assert.Equal(0, encoder.FramesEncoded);
    }

    [Fact]
    public void Encode_OtherPictureSize_ThrowsAndLosesNothing()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small);
        var other = new RawVideoFrame(640, 480);

        var error = Assert.Throws<ArgumentException>(() => encoder.Encode(other.AsI420(), MediaInstant.Zero));

        Assert.Contains("640×480; this encoder was opened for 320×240", error.Message, StringComparison.Ordinal);
        var next = PatternEncoding.Encode(encoder, 1);
        Assert.True(next[0].IsKeyframe);
        Assert.Equal(0, next[0].FrameNumber);
    }

    [Fact]
    public void Encode_PaddedStrides_EncodesThePictureNotThePadding()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small);
        var packed = new RawVideoFrame(320, 240);
        TestPattern.Draw(packed, 0x5A5A);

        // The same picture with 64 bytes of garbage after every row.
        byte[] y = Pad(packed.Y, 320, 240, 384);
        byte[] u = Pad(packed.U, 160, 120, 224);
        byte[] v = Pad(packed.V, 160, 120, 224);
        var padded = new I420Frame(320, 240, y, 384, u, 224, v, 224);

        byte[] fromPadded = encoder.Encode(padded, MediaInstant.Zero).AnnexB.ToArray();
        using var reference = new X264Encoder(PatternEncoding.Small);
        byte[] fromPacked = reference.Encode(packed.AsI420(), MediaInstant.Zero).AnnexB.ToArray();

        Assert.Equal(fromPacked, fromPadded);
    }

    [Fact]
    public void Dispose_Twice_IsSafeAndEncodeAfterwardsThrowsObjectDisposed()
    {
        var encoder = new X264Encoder(PatternEncoding.Small);
        var raw = new RawVideoFrame(320, 240);
        encoder.Encode(raw.AsI420(), MediaInstant.Zero);

        encoder.Dispose();
        encoder.Dispose();

        Assert.Throws<ObjectDisposedException>(() => encoder.Encode(raw.AsI420(), MediaInstant.Zero));
    }

    [Fact]
    public void Encode_SteadyState_AllocatesNothing()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small);
        var raw = new RawVideoFrame(320, 240);
        long index = 0;

        // Tiered JIT may allocate while methods are recompiled; a per-picture allocation would show in every round.
        long quietest = long.MaxValue;
        for (int round = 0; round < 5; round++)
        {
            long before = GC.GetAllocatedBytesForCurrentThread();
            for (int i = 0; i < 30; i++)
            {
                TestPattern.Draw(raw, index);
                if (i == 10)
                {
                    encoder.RequestKeyframe();
                }

                encoder.Encode(raw.AsI420(), MediaInstant.FromElapsed(TimeSpan.FromMilliseconds(index++ * 33)));
            }

            quietest = Math.Min(quietest, GC.GetAllocatedBytesForCurrentThread() - before);
        }

        Assert.Equal(0, quietest);
        Assert.Equal(150, encoder.FramesEncoded);
    }

    private static byte[] Pad(ReadOnlySpan<byte> plane, int width, int height, int stride)
    {
        var padded = new byte[stride * height];
        Array.Fill(padded, (byte)0xEE);
        for (int row = 0; row < height; row++)
        {
            plane.Slice(row * width, width).CopyTo(padded.AsSpan(row * stride));
        }

        return padded;
    }
}
