using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class LossBasedRateTests
{
    [Fact]
    public void OnPackets_HeavyLossWhileTheReceiverGetsAMegabit_CutsNoLowerThanWhatWasDelivered()
    {
        var rate = new LossBasedRate(1_500_000);

        // Two-thirds lost, three decreases apart: without a floor 1.5 Mbit/s × 0.67³ ≈ 450 kbit/s.
        for (var i = 0; i < 3; i++)
        {
            rate.OnPackets(10, 20, i * 1_000_000L, deliveredBitrate: 1_000_000);
        }

        Assert.Equal(850_000, rate.Bitrate);
        Assert.Equal(2.0 / 3, rate.LossFraction, 3);
    }

    [Fact]
    public void OnPackets_HeavyLossWithoutAReceiverRate_CutsByHalfTheLoss()
    {
        var rate = new LossBasedRate(1_000_000);

        rate.OnPackets(16, 4, 0, deliveredBitrate: null);

        Assert.Equal(900_000, rate.Bitrate);
    }

    [Fact]
    public void OnPackets_LossWhenTheTargetIsAlreadyBelowTheFloor_NeverRaisesIt()
    {
        var rate = new LossBasedRate(300_000);

        rate.OnPackets(10, 10, 0, deliveredBitrate: 1_000_000);

        Assert.Equal(300_000, rate.Bitrate);
    }
}
