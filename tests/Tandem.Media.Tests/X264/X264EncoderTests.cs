using Tandem.Common.H264;
using Tandem.Media.H264;
using Tandem.Media.Tests.Support;
using Tandem.Media.X264;
using Tandem.Testing;

namespace Tandem.Media.Tests.X264;

public class X264EncoderTests
{
    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(0)]
    public void Encode_PatternFrames_FfmpegDecodesAllInOrder(int threads)
    {
        using var temp = new TempDirectory();
        using var encoder = new X264Encoder(PatternEncoding.Small with { Threads = threads, KeyframeInterval = 25 });

        var pictures = PatternEncoding.Encode(encoder, 90);
        PatternEncoding.Write(temp.File("out.h264"), pictures);

        var (decoded, errors) = FfmpegTool.CountDecodedFrames(temp.File("out.h264"));
        Assert.Equal(90, decoded);
        Assert.Equal(string.Empty, errors);
        Assert.Equal(Enumerable.Range(0, 90), PatternEncoding.DecodeIndices(temp.File("out.h264"), 320, 240));
        Assert.Equal(Enumerable.Range(0, 90).Select(i => (long)i), pictures.Select(p => p.FrameNumber));
        Assert.Equal(90, encoder.FramesEncoded);
    }

    [Fact]
    public void Encode_EveryIdr_CarriesSpsAndPpsFirst()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small with { KeyframeInterval = 10 });

        var pictures = PatternEncoding.Encode(encoder, 35);

        Assert.Equal([0L, 10, 20, 30], pictures.Where(p => p.IsKeyframe).Select(p => p.FrameNumber));
        foreach (var picture in pictures)
        {
            var types = picture.NalTypes();
            Assert.Equal(picture.IsKeyframe, types.Contains(H264NalUnitType.IdrSlice));
            if (picture.IsKeyframe)
            {
                int sps = types.IndexOf(H264NalUnitType.Sps);
                int pps = types.IndexOf(H264NalUnitType.Pps);
                Assert.True(sps >= 0 && pps > sps && types.IndexOf(H264NalUnitType.IdrSlice) > pps, $"picture {picture.FrameNumber}: {string.Join(",", types)}");
            }
            else
            {
                Assert.DoesNotContain(H264NalUnitType.Sps, types);
                Assert.Contains(H264NalUnitType.Slice, types);
            }
        }
    }

    [Fact]
    public void RequestKeyframe_SameEncoder_VeryNextPictureIsIdrAndCountContinues()
    {
        using var temp = new TempDirectory();
        using var encoder = new X264Encoder(PatternEncoding.Small);

        var pictures = PatternEncoding.Encode(encoder, 40, beforeFrame: i =>
        {
            if (i is 17 or 31)
            {
                encoder.RequestKeyframe();
            }
        });

        // KeyframeInterval 0: no periodic IDRs, so the only IDRs are the first picture and the two requested ones.
        Assert.Equal([0L, 17, 31], pictures.Where(p => p.IsKeyframe).Select(p => p.FrameNumber));
        Assert.All(pictures.Where(p => p.IsKeyframe), p => Assert.Equal(H264NalUnitType.Sps, p.NalTypes()[0]));
        Assert.Equal(Enumerable.Range(0, 40).Select(i => (long)i), pictures.Select(p => p.FrameNumber));
        PatternEncoding.Write(temp.File("out.h264"), pictures);
        Assert.Equal(Enumerable.Range(0, 40), PatternEncoding.DecodeIndices(temp.File("out.h264"), 320, 240));
    }

    [Fact]
    public void RequestKeyframe_DecodingFromRequestedIdr_DecodesTheRest()
    {
        using var temp = new TempDirectory();
        using var encoder = new X264Encoder(PatternEncoding.Small);
        var pictures = PatternEncoding.Encode(encoder, 30, beforeFrame: i =>
        {
            if (i == 12)
            {
                encoder.RequestKeyframe();
            }
        });

        // A receiver that joins late starts at the requested IDR: everything from there decodes on its own.
        PatternEncoding.Write(temp.File("late.h264"), pictures.Skip(12));

        Assert.Equal(Enumerable.Range(12, 18), PatternEncoding.DecodeIndices(temp.File("late.h264"), 320, 240));
    }

    [Fact]
    public void Encode_CaptureTime_IsHandedBackWithItsPicture()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small);

        var pictures = PatternEncoding.Encode(encoder, 5);

        Assert.Equal(Enumerable.Range(0, 5).Select(i => TimeSpan.FromSeconds(i / 30.0).Ticks), pictures.Select(p => p.CaptureTime.Ticks));
    }
}
