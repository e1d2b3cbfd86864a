using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

public sealed class QueueDelayMonitorTests
{
    // The receiver's clock runs 5 s ahead of ours: only differences of one-way delays mean anything.
    private const long Offset = 5_000_000;

    [Fact]
    public void OnFeedbackEnd_DelayAboveTheEmptyPathForLongerThanPersist_IsTheQueue()
    {
        var monitor = new QueueDelayMonitor();
        Feedback(monitor, 0, 20_000, 25_000);
        for (var send = 100_000; send <= 1_000_000; send += 100_000)
        {
            Feedback(monitor, send, 90_000, 120_000, 95_000);
            Assert.Equal(0, monitor.QueueDelayMs);
        }

        Feedback(monitor, 1_100_000, 90_000, 120_000);

        Assert.Equal(70, monitor.QueueDelayMs, 3);
    }

    [Fact]
    public void OnFeedbackEnd_LateFeedbackForAThirdOfASecond_IsNoQueue()
    {
        // A stall of the machine: a third of a second of feedback all late, then on time again.
        var monitor = new QueueDelayMonitor();
        for (var send = 0; send < 3_000_000; send += 100_000)
        {
            Feedback(monitor, send, send is >= 1_000_000 and < 1_400_000 ? 344_000 : 20_000);
            Assert.Equal(0, monitor.QueueDelayMs);
        }
    }

    [Fact]
    public void OnFeedbackEnd_EmptyPathOlderThanTheWindow_IsForgotten()
    {
        var monitor = new QueueDelayMonitor();
        Feedback(monitor, 0, 10_000);
        for (var second = 1; second < QueueDelayMonitor.BaseWindowSeconds; second++)
        {
            Feedback(monitor, second * 1_000_000L, 50_000);
        }

        Assert.Equal(40, monitor.QueueDelayMs, 3);

        Feedback(monitor, QueueDelayMonitor.BaseWindowSeconds * 1_000_000L, 50_000);

        Assert.Equal(0, monitor.QueueDelayMs, 3);
    }

    [Fact]
    public void OnFeedbackEnd_FeedbackWithoutReceivedPackets_KeepsTheLastQueue()
    {
        var monitor = new QueueDelayMonitor();
        Feedback(monitor, 0, 10_000);
        Feedback(monitor, 1_100_000, 60_000);
        Feedback(monitor, 2_200_000, 60_000);

        Assert.Equal(50, monitor.OnFeedbackEnd(), 3);
    }

    [Fact]
    public void Rebase_TakesTheLastDelayAsTheEmptyPath()
    {
        var monitor = new QueueDelayMonitor();
        Feedback(monitor, 0, 10_000);
        Feedback(monitor, 1_100_000, 90_000);
        Feedback(monitor, 2_200_000, 90_000);
        Assert.Equal(80, monitor.QueueDelayMs, 3);

        monitor.Rebase();
        Feedback(monitor, 2_300_000, 100_000);

        Assert.Equal(10, monitor.QueueDelayMs, 3);
    }

    private static void Feedback(QueueDelayMonitor monitor, long sendMicroseconds, params long[] delays)
    {
        foreach (var delay in delays)
        {
            monitor.OnPacket(sendMicroseconds, sendMicroseconds + delay + Offset);
        }

        monitor.OnFeedbackEnd();
    }
}
