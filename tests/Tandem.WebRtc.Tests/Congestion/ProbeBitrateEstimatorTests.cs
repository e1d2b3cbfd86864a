using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class ProbeBitrateEstimatorTests
{
    private const int Cluster = 7;

    [Fact]
    public void OnPacket_ClusterCarriedWhole_ResultIsTheSendRate()
    {
        // 16 packets of 1000 B, one every 1 ms (8 Mbit/s), arriving with the same spacing 30 ms later.
        var estimator = Started(ProbeCluster.Create(Cluster, 8_000_000));
        long? result = null;
        for (var i = 0; i < 16; i++)
        {
            result = estimator.OnPacket(Packet(i * 1000, 30_000 + (i * 1000), 1000), 100_000);
        }

        // 15 packets' bytes over 15 ms both ways.
        Assert.Equal(8_000_000, result);
    }

    [Fact]
    public void OnPacket_ReceiveRateBelowNinetyPercentOfSend_ResultIsNinetyFivePercentOfTheReceiveRate()
    {
        // Sent at 8 Mbit/s, arriving at 2 Mbit/s (a bottleneck): the link's rate is what counts, with a margin.
        var estimator = Started(ProbeCluster.Create(Cluster, 8_000_000));
        long? result = null;
        for (var i = 0; i < 16; i++)
        {
            result = estimator.OnPacket(Packet(i * 1000, 30_000 + (i * 4000), 1000), 100_000);
        }

        Assert.Equal(1_900_000, result);
    }

    [Fact]
    public void OnPacket_ReceiveSlightlyBelowSend_ResultIsTheReceiveRate()
    {
        // 8 Mbit/s sent, 15 packets' 120 kbit over 15.5 ms received (7.74 Mbit/s, above 90 %): the lower of the two.
        var estimator = Started(ProbeCluster.Create(Cluster, 8_000_000));
        long? result = null;
        for (var i = 0; i < 16; i++)
        {
            result = estimator.OnPacket(Packet(i * 1000, 30_000 + (i * 1000) + (i == 15 ? 500 : 0), 1000), 100_000);
        }

        Assert.Equal(120_000 * 1_000_000L / 15_500, result);
    }

    [Fact]
    public void OnPacket_FewerThanEightyPercentReceived_NoResultAndTheClusterCountsAsRejected()
    {
        // The cluster needs 15 ms at 8 Mbit/s = 15 kB; 11 of its 1000 B packets came back (73 %).
        var estimator = Started(ProbeCluster.Create(Cluster, 8_000_000));
        for (var i = 0; i < 11; i++)
        {
            Assert.Null(estimator.OnPacket(Packet(i * 1000, 30_000 + (i * 1000), 1000), 100_000));
        }

        Assert.Equal(0, estimator.RejectedClusters);

        // A second later a new cluster starts: the old one is forgotten without a result.
        estimator.OnClusterStarted(ProbeCluster.Create(Cluster + 1, 8_000_000), 1_200_000);
        Assert.Equal(1, estimator.RejectedClusters);
    }

    [Fact]
    public void OnPacket_ReceiveRateOverTwiceTheSendRate_NoResult()
    {
        // Sent over 15 ms, arrived bunched within 3 ms: a measurement artefact, not the link's rate.
        var estimator = Started(ProbeCluster.Create(Cluster, 8_000_000));
        for (var i = 0; i < 16; i++)
        {
            Assert.Null(estimator.OnPacket(Packet(i * 1000, 30_000 + (i * 200), 1000), 100_000));
        }
    }

    [Fact]
    public void OnPacket_LostPacketsAndOtherClusters_AreNotCounted()
    {
        var estimator = Started(ProbeCluster.Create(Cluster, 8_000_000));
        for (var i = 0; i < 10; i++)
        {
            Assert.Null(estimator.OnPacket(new PacketFeedback(i * 1000, -1, 1000, Cluster), 100_000));
            Assert.Null(estimator.OnPacket(new PacketFeedback(i * 1000, 30_000 + (i * 1000), 1000, Cluster + 1), 100_000));
            Assert.Null(estimator.OnPacket(new PacketFeedback(i * 1000, 30_000 + (i * 1000), 1000), 100_000));
        }
    }

    [Fact]
    public void SendSideBandwidthEstimator_ProbeResultAboveTarget_RaisesTheTargetButNeverLowersIt()
    {
        var estimator = new SendSideBandwidthEstimator(500_000, 100_000, 8_000_000);
        Assert.Equal(500_000, estimator.OnProbeResult(400_000));
        Assert.Equal(3_000_000, estimator.OnProbeResult(3_000_000));
        Assert.Equal(3_000_000, estimator.TargetBitrate);
        Assert.Equal(8_000_000, estimator.OnProbeResult(20_000_000));
    }

    [Fact]
    public void SendSideBandwidthEstimator_ProbeResultWhileAQueueStands_DoesNotRaiseTheTarget()
    {
        // 1 Mbit/s of 1250-byte packets, one feedback per 100 ms: 20 ms on the empty path, then 100 ms of queue on it.
        var estimator = new SendSideBandwidthEstimator(1_000_000, 100_000, 8_000_000);
        var packets = new PacketFeedback[10];
        for (long feedback = 0; feedback < 30; feedback++)
        {
            for (var i = 0; i < packets.Length; i++)
            {
                var sent = (feedback * 100_000) + (i * 10_000);
                packets[i] = new PacketFeedback(sent, sent + (feedback < 5 ? 20_000 : 120_000), 1250);
            }

            estimator.OnFeedback(packets, (feedback * 100_000) + 130_000);
        }

        Assert.True(estimator.QueueDelayMs >= 40, $"the queue read {estimator.QueueDelayMs} ms");
        var before = estimator.TargetBitrate;

        // A probe that got through a full queue measured the queue's drain, not spare capacity: raising the rate
        // now would undo the decrease that is draining it.
        Assert.Equal(before, estimator.OnProbeResult(3_000_000));
    }

    private static ProbeBitrateEstimator Started(ProbeCluster cluster)
    {
        var estimator = new ProbeBitrateEstimator();
        estimator.OnClusterStarted(cluster, 0);
        return estimator;
    }

    private static PacketFeedback Packet(long sent, long arrived, int size) => new(sent, arrived, size, Cluster);
}
