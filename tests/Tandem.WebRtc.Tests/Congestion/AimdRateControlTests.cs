using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class AimdRateControlTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void Update_ReceivedRateNearTheLinkCapacity_RisesOnePacketPerTwoResponseTimes()
    {
        // A decrease at 900 kbit/s learns the link (765 kbit/s after it); the received rate then stays within three deviations of it.
        var control = Learned(900_000);

        var rise = RiseOverASecond(control, 870_000);

        // ~780 kbit/s at 30 fps: 3 packets of ~8 700 bits a frame, one per 2 × (200 + 100) ms: ~14.5 kbit/s a second.
        Assert.InRange(rise, 12_000, 17_000);
    }

    [Fact]
    public void Update_RateFarBelowWhereADecreaseLeavesIt_RisesEightPercentASecond()
    {
        // A decrease that found 300 ms of queue cut to 0.7 of the 900 kbit/s the link carried, not 0.85, to drain it.
        var control = new AimdRateControl(900_000, 10_000_000) { RoundTripTime = TimeSpan.FromMilliseconds(200) };
        control.Update(BandwidthUsage.Overusing, 900_000, 300, 0);
        Assert.Equal(630_000, control.Bitrate);

        var rise = RiseOverASecond(control, 620_000);

        Assert.InRange(rise, 630_000 * 0.07, 630_000 * 0.09);
    }

    [Fact]
    public void Update_DecreaseFarBelowTheLinkCapacity_LearnsTheNewCapacityAtOnce()
    {
        // The link steps down from 900 kbit/s to 0.5 Mbit/s: the next decrease measures 450 kbit/s, far below what was learned.
        var control = Learned(900_000);
        control.Update(BandwidthUsage.Overusing, 450_000, 0, 2 * Second);
        Assert.Equal(382_500, control.Bitrate);

        // Near the new capacity the rise is additive (2 packets of 6 375 bits per 0.6 s), not 8 %/s from a stale 900 kbit/s.
        var rise = RiseOverASecond(control, 440_000, lastUpdate: 2 * Second);

        Assert.InRange(rise, 8_000, 13_000);
    }

    private static AimdRateControl Learned(long linkBitrate)
    {
        var control = new AimdRateControl(linkBitrate, 10_000_000) { RoundTripTime = TimeSpan.FromMilliseconds(200) };
        control.Update(BandwidthUsage.Overusing, linkBitrate, 0, 0);
        Assert.Equal((long)(0.85 * linkBitrate), control.Bitrate);
        return control;
    }

    // A normal feedback 1 ms after the last update leaves the hold; then one every 100 ms for a second: the rise over it.
    private static long RiseOverASecond(AimdRateControl control, long received, long lastUpdate = 0)
    {
        var now = lastUpdate + 1000;
        var start = control.Update(BandwidthUsage.Normal, received, 0, now);
        for (var i = 0; i < 10; i++)
        {
            now += Second / 10;
            control.Update(BandwidthUsage.Normal, received, 0, now);
        }

        return control.Bitrate - start;
    }
}
