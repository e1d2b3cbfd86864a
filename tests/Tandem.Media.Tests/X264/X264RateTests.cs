using Tandem.Media.X264;

namespace Tandem.Media.Tests.X264;

public class X264RateTests
{
    private static double Kbps(IEnumerable<EncodedPicture> pictures, double frameRate) =>
        pictures.Average(p => p.AnnexB.Length) * 8 * frameRate / 1000;

    [Fact]
    public void SetTargetBitrate_StepDown_ShowsWithinFewFramesAndHoldsTheNewRate()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small with { Bitrate = 2_000_000 });

        var pictures = PatternEncoding.Encode(encoder, 120, beforeFrame: i =>
        {
            if (i == 60)
            {
                encoder.SetTargetBitrate(300_000);
            }
        });

        // The pattern's noise band keeps the encoder at its cap, so the output follows the target.
        double before = Kbps(pictures[30..60], 30);
        double settled = Kbps(pictures[90..120], 30);
        double average = pictures[30..60].Average(p => p.AnnexB.Length);
        Assert.InRange(before, 2000 * 0.75, 2000 * 1.15);
        Assert.InRange(settled, 300 * 0.6, 300 * 1.3);
        // The VBV buffer, full at the old rate when the step comes, lets two or three pictures drain it first.
        Assert.All(pictures[63..67], p => Assert.True(p.AnnexB.Length < average * 0.5, $"picture {p.FrameNumber}: {p.AnnexB.Length} B, before the step {average:0} B"));
        Assert.Equal(300_000, encoder.TargetBitrate);
        Assert.Equal(Enumerable.Range(0, 120).Select(i => (long)i), pictures.Select(p => p.FrameNumber));
        Assert.Single(pictures, p => p.IsKeyframe);
    }

    [Fact]
    public void SetTargetBitrate_CutTheNetworkAskedFor_TheNextPicturesStayWithinTheNewRate()
    {
        // The bwe steps at 4 → 1 Mbit/s: the estimator cuts our 1.4 Mbit/s to ~0.74; bits the VBV saved up at the old
        // rate, spent after the cut, would keep the link overfull for the second the cut was meant to drain its queue in.
        using var encoder = new X264Encoder(new X264EncoderOptions { Width = 1280, Height = 720, FrameRate = 30, Bitrate = 1_500_000 });
        encoder.SetTargetBitrate(1_400_000);
        var pictures = PatternEncoding.Encode(encoder, 120, beforeFrame: i =>
        {
            if (i == 60)
            {
                encoder.SetTargetBitrate(740_000);
            }
        });

        Assert.InRange(Kbps(pictures[30..60], 30), 1400 * 0.85, 1400 * 1.1);
        Assert.True(Kbps(pictures[60..70], 30) <= 740 * 1.1, $"first third of a second after the cut: {Kbps(pictures[60..70], 30):F0} kbit/s");
        Assert.True(Kbps(pictures[60..90], 30) <= 740 * 1.05, $"first second after the cut: {Kbps(pictures[60..90], 30):F0} kbit/s");
        Assert.InRange(Kbps(pictures[90..120], 30), 740 * 0.8, 740 * 1.1);
    }

    [Fact]
    public void SetTargetBitrate_StepUp_OutputGrows()
    {
        using var encoder = new X264Encoder(PatternEncoding.Small with { Bitrate = 300_000 });

        var pictures = PatternEncoding.Encode(encoder, 120, beforeFrame: i =>
        {
            if (i == 60)
            {
                encoder.SetTargetBitrate(1_200_000);
            }
        });

        Assert.InRange(Kbps(pictures[30..60], 30), 300 * 0.6, 300 * 1.3);
        Assert.InRange(Kbps(pictures[90..120], 30), 1200 * 0.7, 1200 * 1.15);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(9_999)]
    [InlineData(100_000_001)]
    public void SetTargetBitrate_OutOfRange_ThrowsAndKeepsTarget(int bitsPerSecond)
    {
        using var encoder = new X264Encoder(PatternEncoding.Small);

        var error = Assert.Throws<ArgumentOutOfRangeException>(() => encoder.SetTargetBitrate(bitsPerSecond));

        Assert.Equal("bitsPerSecond", error.ParamName);
        Assert.Contains("10 kbit/s and 100 Mbit/s", error.Message, StringComparison.Ordinal);
        Assert.Equal(500_000, encoder.TargetBitrate);
    }
}
