using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class QueueDrainTests
{
    [Fact]
    public void OnDecrease_QueueOfHighQueueMsOrMore_HalvesTheTargetUntilAFeedbackShowsItShort()
    {
        var drain = new QueueDrain();
        drain.OnDecrease(120, 850_000, 1_000_000, 0);

        Assert.True(drain.Active);
        Assert.Equal(425_000, drain.Apply(850_000));

        drain.OnFeedback(60, 100_000);
        Assert.True(drain.Active);

        drain.OnFeedback(AimdRateControl.LowQueueMs, 200_000);
        Assert.False(drain.Active);
        Assert.Equal(850_000, drain.Apply(850_000));
    }

    [Theory]
    [InlineData(AimdRateControl.HighQueueMs - 1, 1_000_000L)]
    [InlineData(200.0, null)]
    public void OnDecrease_ShortQueueOrNoReceivedRate_NoDrain(double queueMs, long? link)
    {
        var drain = new QueueDrain();
        drain.OnDecrease(queueMs, 850_000, link, 0);

        Assert.False(drain.Active);
        Assert.Equal(850_000, drain.Apply(850_000));
    }

    [Fact]
    public void OnFeedback_QueueThatDoesNotShorten_DrainEndsAfterItsTime()
    {
        // 100 ms of queue at a link of 1 Mbit/s, sending 0.5 × 850 kbit/s: it leaves at 575 kbit/s, in 174 ms.
        var drain = new QueueDrain();
        drain.OnDecrease(100, 850_000, 1_000_000, 0);

        drain.OnFeedback(100, 170_000);
        Assert.True(drain.Active);

        drain.OnFeedback(100, 175_000);
        Assert.False(drain.Active);
    }

    [Fact]
    public void SkewsReceivedRate_WhileDrainingAndForOneRateWindowAfter()
    {
        var drain = new QueueDrain();
        Assert.False(drain.SkewsReceivedRate(0));

        drain.OnDecrease(100, 850_000, 1_000_000, 0);
        drain.OnFeedback(10, 200_000);

        Assert.True(drain.SkewsReceivedRate(200_000 + WindowedBitrate.WindowMicroseconds - 1));
        Assert.False(drain.SkewsReceivedRate(200_000 + WindowedBitrate.WindowMicroseconds));
    }

    [Fact]
    public void OnDecrease_WhileDraining_DoesNotExtendIt()
    {
        var drain = new QueueDrain();
        drain.OnDecrease(50, 850_000, 1_000_000, 0);
        drain.OnDecrease(300, 700_000, 1_000_000, 100_000);

        // The first drain's time (50 ms / 0.575 = 87 ms) stands.
        drain.OnFeedback(300, 90_000);
        Assert.False(drain.Active);
    }
}
