using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class LossBasedRateTests
{
    private const long DelayBased = 1_500_000;

    [Theory]
    [InlineData(1)]
    [InlineData(2)]
    [InlineData(3)]
    public void OnFeedbackEnd_TwoPercentRandomLoss_SetsNoLimit(int seed)
    {
        // 1.5 Mbit/s of 1200-byte packets (156/s), feedback every 50 ms: the old 20-packet updates read 2 % as 0, 5, 10 or 15 %.
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed);
        var limits = new List<long>();

        feed.Run(TimeSpan.FromSeconds(60), lossRate: 0.02, deliveredBitrate: 1_470_000, limits.Add);

        Assert.All(limits, l => Assert.Equal(long.MaxValue, l));
        Assert.InRange(rate.LossFraction, 0.005, 0.04);
    }

    [Fact]
    public void OnFeedbackEnd_FifteenPercentRandomLoss_LimitsTheRateToWhatThatLossAllows()
    {
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 4);

        feed.Run(TimeSpan.FromSeconds(10), lossRate: 0.15, deliveredBitrate: 1_275_000);

        // 75 kbit/s ÷ (15 % − 5 %) = 750 kbit/s, but a cut goes no lower than 0.85 × what arrived.
        Assert.InRange(rate.Bitrate, 1_000_000, 1_100_000);
        Assert.InRange(rate.LossFraction, 0.1, 0.2);
    }

    [Fact]
    public void OnFeedbackEnd_FifteenPercentLossAsTheDeliveredRateFollows_CutsToWhatThatLossAllows()
    {
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 4);

        // The receiver gets 85 % of the (falling) rate: the floor follows it down until the loss's own limit holds.
        feed.Run(TimeSpan.FromSeconds(20), lossRate: 0.15, deliveredOf: limit => (long)(0.85 * Math.Min(limit, DelayBased)));

        Assert.InRange(rate.Bitrate, 550_000, 1_000_000);
    }

    [Fact]
    public void OnFeedbackEnd_BurstAtThreeTimesTheLink_CutsNoLowerThanWhatWasDelivered()
    {
        // Two-thirds lost while the receiver still gets 1 Mbit/s: the loss allows 121 kbit/s, the floor 850.
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 300, seed: 5);

        feed.Run(TimeSpan.FromSeconds(2), lossRate: 2.0 / 3, deliveredBitrate: 1_000_000);

        Assert.Equal(850_000, rate.Bitrate);
    }

    [Fact]
    public void OnFeedbackEnd_BurstOverThenSendingBelowTheLink_NoFurtherCutForTheSameLosses()
    {
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 300, seed: 5);
        feed.Run(TimeSpan.FromSeconds(2), lossRate: 2.0 / 3, deliveredBitrate: 1_000_000);

        var limits = new List<long>();

        // The window still averages far above 5 % for seconds; the receiver now gets what the cut rate sends. Only the
        // observation that still holds some of the burst may cut (to 0.85 × 800 kbit/s); the clean ones after it hold
        // (then grow, as the window forgets).
        feed.Run(TimeSpan.FromSeconds(3), lossRate: 0, deliveredBitrate: 800_000, limits.Add);

        Assert.True(limits.All(l => l >= 680_000), string.Join(", ", limits));
        Assert.Equal(680_000, limits.Min());
    }

    [Fact]
    public void OnFeedbackEnd_LossEndsAfterACut_GrowsBackAtMostEightPercentASecondThenLifts()
    {
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 6);
        feed.Run(TimeSpan.FromSeconds(3), lossRate: 0.5, deliveredBitrate: 700_000);
        var cut = rate.Bitrate;
        var limits = new List<long>();

        feed.Run(TimeSpan.FromSeconds(30), lossRate: 0, deliveredBitrate: 700_000, limits.Add);

        Assert.InRange(cut, 590_000, 600_000);
        var grown = limits.Where(l => l != long.MaxValue).ToList();
        Assert.NotEmpty(grown);
        Assert.All(grown.Zip(grown.Skip(1)), p => Assert.True(p.Second <= p.First * 1.03, $"{p.First} → {p.Second}"));
        Assert.Equal(long.MaxValue, limits[^1]);
    }

    [Fact]
    public void OnFeedbackEnd_TwoSecondOutageThenNormal_SetsNoLimit()
    {
        var rate = new LossBasedRate { RoundTripTime = TimeSpan.FromMilliseconds(40) };
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 7);
        feed.Run(TimeSpan.FromSeconds(10), lossRate: 0, deliveredBitrate: 1_500_000);

        // Nothing arrives and no feedback comes for 2 s; then one feedback reports all of it lost, and traffic goes on.
        feed.Outage(TimeSpan.FromSeconds(2));
        var limits = new List<long>();
        feed.Run(TimeSpan.FromSeconds(5), lossRate: 0, deliveredBitrate: 1_500_000, limits.Add);

        Assert.All(limits, l => Assert.Equal(long.MaxValue, l));
        Assert.InRange(rate.OutagePackets, 300, 320);
        Assert.Equal(0, rate.LossFraction);
    }

    [Fact]
    public void OnFeedbackEnd_OutageReportedAcrossSeveralBatches_StillAnOutage()
    {
        // The feedback after an outage describes hundreds of packets, which the session hands over 256 at a time:
        // a batch may end inside the lost run, before the packet that arrived.
        var rate = new LossBasedRate { RoundTripTime = TimeSpan.FromMilliseconds(40) };
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 10);
        feed.Run(TimeSpan.FromSeconds(10), lossRate: 0, deliveredBitrate: 1_500_000);

        feed.Outage(TimeSpan.FromSeconds(1));
        var limitMidRun = rate.OnFeedbackEnd(11_000_000, DelayBased, 1_500_000);
        feed.Outage(TimeSpan.FromSeconds(1));
        var limits = new List<long>();
        feed.Run(TimeSpan.FromSeconds(5), lossRate: 0, deliveredBitrate: 1_500_000, limits.Add);

        Assert.Equal(long.MaxValue, limitMidRun);
        Assert.All(limits, l => Assert.Equal(long.MaxValue, l));
        Assert.InRange(rate.OutagePackets, 300, 320);
    }

    [Fact]
    public void OnFeedbackEnd_AllLostForLessThanTheOutageSpan_CountsAsLoss()
    {
        // 300 ms without anything arriving is shorter than an outage (500 ms): it is loss, and enough of it to cut.
        var rate = new LossBasedRate { RoundTripTime = TimeSpan.FromMilliseconds(40) };
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 8);
        feed.Run(TimeSpan.FromSeconds(2), lossRate: 0, deliveredBitrate: 1_500_000);

        feed.Outage(TimeSpan.FromMilliseconds(300));
        feed.Run(TimeSpan.FromSeconds(0.6), lossRate: 0, deliveredBitrate: 300_000);

        Assert.Equal(0, rate.OutagePackets);
        Assert.True(rate.Bitrate < DelayBased, $"limit {rate.Bitrate}, loss {rate.LossFraction}");
    }

    [Fact]
    public void Raise_AboveALossLimit_StartsTheLimitThere()
    {
        var rate = new LossBasedRate();
        var feed = new SyntheticFeedback(rate, packetsPerSecond: 156, seed: 9);
        feed.Run(TimeSpan.FromSeconds(3), lossRate: 0.5, deliveredBitrate: 700_000);

        rate.Raise(1_200_000);
        var limitAfterProbe = rate.Bitrate;
        rate.Raise(100_000);

        Assert.Equal(1_200_000, limitAfterProbe);
        Assert.Equal(1_200_000, rate.Bitrate);
    }

    /// <summary>Packets evenly spaced on the send clock, each lost at random with the given rate; feedback every 50 ms with the one-way delay ignored.</summary>
    private sealed class SyntheticFeedback(LossBasedRate rate, int packetsPerSecond, int seed)
    {
        private const long FeedbackMicros = 50_000;
        private readonly Random _random = new(seed);
        private readonly long _spacing = 1_000_000 / packetsPerSecond;
        private long _now;

        public void Run(TimeSpan duration, double lossRate, long deliveredBitrate, Action<long>? onFeedback = null) =>
            Run(duration, lossRate, _ => deliveredBitrate, onFeedback);

        public void Run(TimeSpan duration, double lossRate, Func<long, long> deliveredOf, Action<long>? onFeedback = null)
        {
            var end = _now + (long)duration.TotalMicroseconds;
            var nextFeedback = _now + FeedbackMicros;
            for (; _now < end; _now += _spacing)
            {
                var received = _random.NextDouble() >= lossRate;
                rate.OnPacket(received, _now);
                if (_now >= nextFeedback)
                {
                    nextFeedback += FeedbackMicros;
                    var limit = rate.OnFeedbackEnd(_now, DelayBased, deliveredOf(rate.Bitrate));
                    onFeedback?.Invoke(limit);
                }
            }
        }

        /// <summary>Sending goes on for <paramref name="duration"/> but nothing arrives, so no feedback comes either.</summary>
        public void Outage(TimeSpan duration)
        {
            var end = _now + (long)duration.TotalMicroseconds;
            for (; _now < end; _now += _spacing)
            {
                rate.OnPacket(received: false, _now);
            }
        }
    }
}
