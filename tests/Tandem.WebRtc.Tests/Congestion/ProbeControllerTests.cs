using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class ProbeControllerTests
{
    private const long Second = 1_000_000;

    [Fact]
    public void OnEstimate_First_ProbesAtThreeAndSixTimesTheStartRate()
    {
        var controller = new ProbeController(8_000_000);
        var clusters = controller.OnEstimate(1_000_000, BandwidthUsage.Normal, applicationLimited: false, 0);

        Assert.Equal([3_000_000L, 6_000_000L], clusters.Select(c => c.Bitrate));
        Assert.Equal(2, clusters.Select(c => c.Id).Distinct().Count());
        Assert.All(clusters, c => Assert.Equal(ProbeCluster.DefaultMinPackets, c.MinPackets));

        // 15 ms at 6 Mbit/s.
        Assert.Equal(11_250, clusters[1].MinBytes);
        Assert.Empty(controller.OnEstimate(1_000_000, BandwidthUsage.Normal, false, Second / 10));
    }

    [Fact]
    public void OnEstimate_InitialProbes_CappedAtTheMaximum()
    {
        var controller = new ProbeController(4_000_000);
        var clusters = controller.OnEstimate(1_000_000, BandwidthUsage.Normal, false, 0);
        Assert.Equal([3_000_000L, 4_000_000L], clusters.Select(c => c.Bitrate));

        var atMaximum = new ProbeController(1_000_000);
        Assert.Empty(atMaximum.OnEstimate(1_000_000, BandwidthUsage.Normal, false, 0));
    }

    [Fact]
    public void OnEstimate_AllocatedBitrateKnown_ProbesStayWithinTwiceIt()
    {
        // An encoder that never uses more than 1.5 Mbit/s: 3× = 4.5 and 6× = 9 Mbit/s both become one 3 Mbit/s cluster.
        var controller = new ProbeController(8_000_000) { AllocatedBitrate = 1_500_000 };
        Assert.Equal([3_000_000L], controller.OnEstimate(1_500_000, BandwidthUsage.Normal, false, 0).Select(c => c.Bitrate));

        // A result at the cap asks for no further probe: there is nothing above it to look for.
        Assert.Empty(controller.OnEstimate(3_000_000, BandwidthUsage.Normal, false, Second / 5));
    }

    [Fact]
    public void OnEstimate_FurtherProbeReachesTheMaximum_IsTheLastEvenWhenItsResultFallsShort()
    {
        // 300 k start, media expected at 1.5 Mbit/s: 0.9 and 1.8 Mbit/s, then twice the 1.6 result = 3.2, capped at 3 Mbit/s.
        var controller = new ProbeController(10_000_000) { AllocatedBitrate = 1_500_000 };
        controller.OnEstimate(300_000, BandwidthUsage.Normal, false, 0);
        Assert.Equal([3_000_000L], controller.OnEstimate(1_600_000, BandwidthUsage.Normal, false, Second / 10).Select(c => c.Bitrate));

        // Its result a little short of the maximum (probes arrive a little under their rate): no second cluster at it.
        Assert.Empty(controller.OnEstimate(2_850_000, BandwidthUsage.Normal, false, Second / 5));
        Assert.Empty(controller.OnEstimate(2_900_000, BandwidthUsage.Normal, false, Second / 4));
    }

    [Fact]
    public void OnEstimate_InitialProbesGiveNoResult_SentAgainAfterASecondUpToThreeTimesInAll()
    {
        // bench/bwe.sh's loss scenario: the relay bunched the clusters' packets (an impossible receive rate) and the
        // estimate climbed 8 %/s from 300 kbit/s for the whole run.
        var controller = new ProbeController(10_000_000) { AllocatedBitrate = 1_500_000 };
        Assert.Equal([900_000L, 1_800_000L], controller.OnEstimate(300_000, BandwidthUsage.Normal, false, 0).Select(c => c.Bitrate));
        Assert.Empty(controller.OnEstimate(310_000, BandwidthUsage.Normal, false, Second / 2));

        Assert.Equal([960_000L, 1_920_000L], controller.OnEstimate(320_000, BandwidthUsage.Normal, false, Second + (Second / 10)).Select(c => c.Bitrate));
        Assert.Empty(controller.OnEstimate(330_000, BandwidthUsage.Normal, false, 2 * Second));

        // Not while the detector sees overuse: the link is narrow, and the probes would only add to its queue.
        Assert.Empty(controller.OnEstimate(330_000, BandwidthUsage.Overusing, false, (2 * Second) + (Second / 5)));
        Assert.Equal(2, controller.OnEstimate(340_000, BandwidthUsage.Normal, false, (2 * Second) + (Second / 4)).Length);

        Assert.Empty(controller.OnEstimate(350_000, BandwidthUsage.Normal, false, 4 * Second));
        Assert.Empty(controller.OnEstimate(360_000, BandwidthUsage.Normal, false, 6 * Second));
    }

    [Fact]
    public void OnEstimate_InitialProbeRaisedTheEstimate_NotSentAgainAfterALaterDrop()
    {
        var controller = new ProbeController(10_000_000) { AllocatedBitrate = 1_500_000 };
        controller.OnEstimate(300_000, BandwidthUsage.Normal, false, 0);
        controller.OnEstimate(1_200_000, BandwidthUsage.Normal, false, Second / 10);

        // A step down long after: the estimate back near the start rate is the link's, not a lost probe's.
        Assert.Empty(controller.OnEstimate(350_000, BandwidthUsage.Overusing, false, 2 * Second));
        Assert.Empty(controller.OnEstimate(350_000, BandwidthUsage.Normal, false, 8 * Second));
    }

    [Fact]
    public void OnEstimate_ResultReachesSeventyPercentOfTheProbe_ProbesFurtherAtTwiceTheEstimate()
    {
        var controller = new ProbeController(20_000_000);
        controller.OnEstimate(500_000, BandwidthUsage.Normal, false, 0);

        // 6 × 500 k = 3 Mbit/s probed; 2 Mbit/s is below 70 % of it: no further probe.
        Assert.Empty(controller.OnEstimate(2_000_000, BandwidthUsage.Normal, false, Second / 5));
        var further = controller.OnEstimate(2_800_000, BandwidthUsage.Normal, false, Second / 4);
        Assert.Equal([5_600_000L], further.Select(c => c.Bitrate));

        // Past the wait for that result, even a high estimate asks for no more.
        Assert.Empty(controller.OnEstimate(5_000_000, BandwidthUsage.Normal, false, 2 * Second));
    }

    [Fact]
    public void OnEstimate_LargeDropThenNormal_ProbesOnceAtEightyFivePercentOfTheRateBefore()
    {
        var controller = Settled(out var now);
        now += Second;
        Assert.Empty(controller.OnEstimate(600_000, BandwidthUsage.Overusing, false, now));

        // Back to normal within 5 s of the drop: recover towards 85 % of the 2 Mbit/s before it.
        now += Second;
        var recovery = controller.OnEstimate(600_000, BandwidthUsage.Normal, false, now);
        Assert.Equal([1_700_000L], recovery.Select(c => c.Bitrate));
        Assert.Empty(controller.OnEstimate(600_000, BandwidthUsage.Normal, false, now + (Second / 10)));
    }

    [Fact]
    public void OnEstimate_LargeDropThatDrainsAStandingQueue_NoRecoveryProbe()
    {
        var controller = Settled(out var now);
        now += Second;
        Assert.Empty(controller.OnEstimate(300_000, BandwidthUsage.Overusing, false, now, queueDraining: true));

        // The drain is over and the target back at the estimate: the drop was the link's rate, not a false alarm.
        now += Second / 2;
        Assert.Empty(controller.OnEstimate(600_000, BandwidthUsage.Normal, false, now));
        Assert.Empty(controller.OnEstimate(600_000, BandwidthUsage.Normal, false, now + Second));
    }

    [Fact]
    public void OnEstimate_DropOlderThanFiveSeconds_NoRecoveryProbe()
    {
        var controller = Settled(out var now);
        now += Second;
        controller.OnEstimate(600_000, BandwidthUsage.Overusing, false, now);
        Assert.Empty(controller.OnEstimate(600_000, BandwidthUsage.Normal, false, now + (6 * Second)));
    }

    [Fact]
    public void OnEstimate_SmallDrop_NoRecoveryProbe()
    {
        var controller = Settled(out var now);
        Assert.Empty(controller.OnEstimate(1_500_000, BandwidthUsage.Overusing, false, now + Second));
        Assert.Empty(controller.OnEstimate(1_500_000, BandwidthUsage.Normal, false, now + (2 * Second)));
    }

    [Fact]
    public void OnEstimate_ApplicationLimited_ProbesAtTwiceTheEstimateEveryFiveSeconds()
    {
        var controller = Settled(out var now);

        // Not application-limited: never.
        for (var i = 0; i < 10; i++)
        {
            now += Second;
            Assert.Empty(controller.OnEstimate(2_000_000, BandwidthUsage.Normal, false, now));
        }

        // Application-limited from now: the first probe 5 s later, then every 5 s.
        var probes = new List<(long At, long Bitrate)>();
        var limitedSince = now;
        for (var i = 0; i < 120; i++)
        {
            now += Second / 10;
            probes.AddRange(controller.OnEstimate(2_000_000, BandwidthUsage.Normal, true, now).Select(c => (now, c.Bitrate)));
        }

        Assert.Equal([limitedSince + (5 * Second), limitedSince + (10 * Second)], probes.Select(p => p.At));
        Assert.All(probes, p => Assert.Equal(4_000_000, p.Bitrate));
    }

    // After the initial probes, settled at 2 Mbit/s and no longer waiting for a result.
    private static ProbeController Settled(out long now)
    {
        var controller = new ProbeController(8_000_000);
        controller.OnEstimate(1_000_000, BandwidthUsage.Normal, false, 0);
        now = 2 * Second;
        Assert.Empty(controller.OnEstimate(2_000_000, BandwidthUsage.Normal, false, now));
        return controller;
    }
}
