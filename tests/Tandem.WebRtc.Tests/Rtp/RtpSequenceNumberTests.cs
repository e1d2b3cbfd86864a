using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Tests.Rtp;

public class RtpSequenceNumberTests
{
    [Theory]
    [InlineData(1, 2, 1)]
    [InlineData(65535, 0, 1)]
    [InlineData(0, 65535, -1)]
    [InlineData(100, 100, 0)]
    [InlineData(0, 32767, 32767)]
    [InlineData(0, 32768, -32768)]
    public void Distance_AcrossWrap_IsShortestSignedStep(int from, int to, int expected)
    {
        Assert.Equal(expected, RtpSequenceNumber.Distance((ushort)from, (ushort)to));
    }

    [Fact]
    public void IsNewer_AcrossWrap_FollowsModuloOrder()
    {
        Assert.True(RtpSequenceNumber.IsNewer(2, 65530));
        Assert.False(RtpSequenceNumber.IsNewer(65530, 2));
        Assert.False(RtpSequenceNumber.IsNewer(7, 7));
    }

    [Fact]
    public void Unwrap_ForwardThroughSeveralWraps_IsMonotonic()
    {
        var unwrapper = new RtpSequenceUnwrapper();
        long previous = -1;
        ushort seq = 65000;
        for (var i = 0; i < 200_000; i++, seq += 7)
        {
            var value = unwrapper.Unwrap(seq);
            Assert.Equal((ushort)value, seq);
            if (previous >= 0)
            {
                Assert.Equal(previous + 7, value);
            }

            previous = value;
        }
    }

    [Fact]
    public void Unwrap_ReorderedAcrossWrap_GoesBackOneStep()
    {
        var unwrapper = new RtpSequenceUnwrapper();
        var a = unwrapper.Unwrap(65535);
        var b = unwrapper.Unwrap(1);
        var c = unwrapper.Unwrap(0);

        Assert.Equal(a + 2, b);
        Assert.Equal(a + 1, c);
        Assert.Equal(c, unwrapper.Last);
        Assert.Equal(a + 3, unwrapper.Peek(2));
    }

    [Fact]
    public void TimestampUnwrap_AcrossWrapAndBack_Continuous()
    {
        var unwrapper = new RtpTimestampUnwrapper();
        var a = unwrapper.Unwrap(uint.MaxValue - 1000);
        var b = unwrapper.Unwrap(2000);
        var c = unwrapper.Unwrap(uint.MaxValue - 500);

        Assert.Equal(a + 3001, b);
        Assert.Equal(a + 500, c);
    }
}
