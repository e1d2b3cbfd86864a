using Tandem.WebRtc.Payloads.Opus;

namespace Tandem.WebRtc.Tests.Payloads.Opus;

public class OpusRtpTests
{
    [Theory]
    [InlineData(320, 16000, 960u)]
    [InlineData(160, 16000, 480u)]
    [InlineData(960, 48000, 960u)]
    [InlineData(160, 8000, 960u)]
    [InlineData(1920, 48000, 1920u)]
    public void SamplesToTicks_AnyCodecRate_Uses48kClock(int samples, int rate, uint expected)
    {
        Assert.Equal(expected, OpusRtp.SamplesToTicks(samples, rate));
        Assert.Equal(samples, OpusRtp.TicksToSamples(expected, rate));
    }

    [Fact]
    public void DurationToTicks_TwentyMilliseconds_Is960()
    {
        Assert.Equal(960u, OpusRtp.DurationToTicks(TimeSpan.FromMilliseconds(20)));
        Assert.Equal(TimeSpan.FromMilliseconds(20), OpusRtp.TicksToDuration(960));
        Assert.Equal(48, OpusRtp.TicksPerMillisecond);
    }

    [Fact]
    public void Timestamper_Wraps_AndSkipsSilence()
    {
        var stamper = new OpusRtpTimestamper(uint.MaxValue - 959);

        Assert.Equal(uint.MaxValue - 959, stamper.Stamp(320, 16000));
        Assert.Equal(0u, stamper.Stamp(320, 16000));
        stamper.Skip(TimeSpan.FromMilliseconds(100));
        Assert.Equal(960u + 4800u, stamper.Next);
    }

    [Theory]
    [InlineData("48", 960)]      // config 9 (SILK WB 20 ms), code 0
    [InlineData("49", 1920)]     // code 1: two 20 ms frames
    [InlineData("4B03", 2880)]   // code 3: three 20 ms frames
    [InlineData("E0", 120)]      // config 28 (CELT FB 2.5 ms)
    [InlineData("78", 960)]      // config 15 (hybrid FB 20 ms)
    [InlineData("18", 2880)]     // config 3 (SILK NB 60 ms)
    public void TryGetDurationTicks_TocByte_DecodesDuration(string hex, int expected)
    {
        Assert.True(OpusRtp.TryGetDurationTicks(Convert.FromHexString(hex), out var ticks));
        Assert.Equal(expected, ticks);
    }

    [Theory]
    [InlineData("")]
    [InlineData("4B")]
    [InlineData("4B00")]
    [InlineData("4B07")]
    public void TryGetDurationTicks_MalformedOrTooLong_ReturnsFalse(string hex)
    {
        Assert.False(OpusRtp.TryGetDurationTicks(Convert.FromHexString(hex), out _));
    }

    [Fact]
    public void TryGetDurationTicks_RandomBytes_NeverThrows()
    {
        var random = new Random(9);
        var buffer = new byte[8];
        var ok = 0;
        for (var i = 0; i < 10_000; i++)
        {
            random.NextBytes(buffer);
            if (OpusRtp.TryGetDurationTicks(buffer.AsSpan(0, random.Next(9)), out var ticks))
            {
                ok++;
                Assert.InRange(ticks, 120, 5760);
            }
        }

        Assert.True(ok > 0);
    }
}
