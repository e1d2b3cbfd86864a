using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class ArrivalDispersionTests
{
    [Fact]
    public void BitsPerSecond_PacketsBehindAQueue_IsTheLinksRateDespiteAGapAndABurst()
    {
        // 1200-byte packets behind a 1 Mbit/s bottleneck arrive 9.6 ms apart; then the path stalls for 80 ms once and
        // releases three packets at one instant.
        var dispersion = new ArrivalDispersion();
        var at = 0L;
        Assert.Null(dispersion.BitsPerSecond);
        for (var i = 0; i < 40; i++)
        {
            at += i == 20 ? 80_000 : 9_600;
            dispersion.OnPacket(at, 1200);
            if (i == 25)
            {
                dispersion.OnPacket(at, 1200);
                dispersion.OnPacket(at, 1200);
            }
        }

        Assert.Equal(1_000_000, dispersion.BitsPerSecond);
    }

    [Fact]
    public void BitsPerSecond_FewerThanHalfTheSamples_IsUnknown()
    {
        var dispersion = new ArrivalDispersion();
        for (var i = 0; i <= ArrivalDispersion.Samples / 2; i++)
        {
            Assert.Null(dispersion.BitsPerSecond);
            dispersion.OnPacket(i * 10_000L, 1250);
        }

        Assert.Equal(1_000_000, dispersion.BitsPerSecond);
    }
}
