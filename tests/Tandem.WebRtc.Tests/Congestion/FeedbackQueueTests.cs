using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class FeedbackQueueTests
{
    // The receiver's clock runs 5 s ahead of ours; the empty path's delay on that scale.
    private const long Base = 5_020_000;

    [Fact]
    public void OnFeedbackEnd_QueueGrowingUnderASlowerLink_NewestAndSmallestDelaysAndStretched()
    {
        // Sent every 10 ms, leaving a bottleneck every 15 ms: each packet waits 5 ms more than the one before.
        var queue = new FeedbackQueue();
        for (var i = 0; i < 10; i++)
        {
            queue.OnPacket(i * 10_000, Base + 30_000 + (i * 15_000));
        }

        queue.OnFeedbackEnd(Base);

        Assert.Equal(75, queue.NewestDelayMs, 3);
        Assert.Equal(30, queue.SmallestDelayMs, 3);
        Assert.True(queue.Stretched);
    }

    [Fact]
    public void OnFeedbackEnd_BurstAfterAStall_NotStretched()
    {
        // A receiver that stalled for 80 ms stamps what came meanwhile at once: late, but bunched.
        var queue = new FeedbackQueue();
        for (var i = 0; i < 10; i++)
        {
            queue.OnPacket(i * 10_000, Base + Math.Max(80_000, i * 10_000) + (i * 100));
        }

        queue.OnFeedbackEnd(Base);

        Assert.True(queue.NewestDelayMs > 0);
        Assert.False(queue.Stretched);
    }

    [Fact]
    public void OnFeedbackEnd_SpanTooShort_NotStretched()
    {
        var queue = new FeedbackQueue();
        queue.OnPacket(0, Base + 40_000);
        queue.OnPacket(20_000, Base + 100_000);
        queue.OnFeedbackEnd(Base);

        Assert.False(queue.Stretched);
        Assert.Equal(80, queue.NewestDelayMs, 3);
    }

    [Fact]
    public void OnFeedbackEnd_NothingReceived_KeepsTheLastFeedbacksFigures()
    {
        var queue = new FeedbackQueue();
        queue.OnPacket(0, Base + 50_000);
        queue.OnFeedbackEnd(Base);
        queue.OnFeedbackEnd(Base);

        Assert.Equal(50, queue.NewestDelayMs, 3);
    }
}
