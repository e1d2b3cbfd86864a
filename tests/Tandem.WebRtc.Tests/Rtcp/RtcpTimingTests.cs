using Microsoft.Extensions.Time.Testing;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Tests.Rtcp;

public class RtcpTimingTests
{
    [Fact]
    public void Scheduler_FirstTwoReports_ArriveWithinHalfSecond()
    {
        var scheduler = new RtcpReportScheduler(random: new Random(1));

        var early = scheduler.NextInterval() + scheduler.NextInterval();
        var later = Enumerable.Range(0, 1000).Select(_ => scheduler.NextInterval()).ToList();

        Assert.InRange(early.TotalMilliseconds, 250, 750);
        Assert.All(later, t => Assert.InRange(t.TotalMilliseconds, 500, 1500));
        Assert.InRange(later.Average(t => t.TotalMilliseconds), 950, 1050);
    }

    [Fact]
    public void Throttle_BurstOfRequests_LetsOnePerInterval()
    {
        var time = new FakeTimeProvider();
        var throttle = new RtcpKeyframeRequestThrottle(TimeSpan.FromMilliseconds(300), time);

        var granted = 0;
        for (var i = 0; i < 100; i++)
        {
            granted += throttle.TryRequest() ? 1 : 0;
            time.Advance(TimeSpan.FromMilliseconds(10));
        }

        Assert.Equal(4, granted);
        Assert.Equal(4, throttle.Granted);
    }

    [Fact]
    public void Throttle_FirRequests_NumberedConsecutively()
    {
        var time = new FakeTimeProvider();
        var throttle = new RtcpKeyframeRequestThrottle(TimeSpan.FromMilliseconds(100), time);

        Assert.True(throttle.TryRequestFir(out var first));
        Assert.False(throttle.TryRequestFir(out _));
        time.Advance(TimeSpan.FromMilliseconds(100));
        Assert.True(throttle.TryRequestFir(out var second));

        Assert.Equal(0, first);
        Assert.Equal(1, second);
    }
}
