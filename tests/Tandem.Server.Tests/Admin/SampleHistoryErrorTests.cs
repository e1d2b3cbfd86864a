using Tandem.Server.Admin.Status;
using Tandem.Signaling.Status;

namespace Tandem.Server.Tests.Admin;

/// <summary>What the admin page's error line counts.</summary>
public sealed class SampleHistoryErrorTests
{
    private static readonly DateTimeOffset Now = new(2026, 11, 24, 12, 0, 0, TimeSpan.Zero);

    [Fact]
    public void Add_OnlyTimeoutsSent_ErrorRateZero()
    {
        var history = new SampleHistory(4);
        history.Add(Snapshot(Now, timeouts: 2, badMessages: 5));

        var sample = history.Add(Snapshot(Now.AddSeconds(2), timeouts: 6, badMessages: 5));

        Assert.Equal(0, sample.ErrorsPerSecond);
    }

    [Fact]
    public void Add_TimeoutsAndBadMessages_OnlyBadMessagesCounted()
    {
        var history = new SampleHistory(4);
        history.Add(Snapshot(Now, timeouts: 2, badMessages: 5));

        var sample = history.Add(Snapshot(Now.AddSeconds(2), timeouts: 12, badMessages: 9));

        Assert.Equal(2, sample.ErrorsPerSecond);
    }

    private static StatusSnapshot Snapshot(DateTimeOffset at, long timeouts, long badMessages) =>
        new(at, new TotalsSnapshot(0, 0, 0, 0, 0, 0, 0, 0, new Dictionary<string, long>(), new Dictionary<int, long> { [1005] = timeouts, [1003] = badMessages }), [], []);
}
