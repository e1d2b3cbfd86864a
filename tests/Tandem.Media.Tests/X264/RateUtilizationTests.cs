using Tandem.Media.X264;

namespace Tandem.Media.Tests.X264;

public class RateUtilizationTests
{
    // A second of 30 pictures at 900 kbit/s, each spending this share of its 30 000 bits.
    private static RateUtilization Spending(double share, int pictures = 30)
    {
        var utilization = new RateUtilization(30);
        for (var i = 0; i < pictures; i++)
        {
            utilization.OnPicture((int)(30_000 * share / 8), 900_000);
        }

        return utilization;
    }

    [Theory]
    [InlineData(0.95, 947_368)]
    [InlineData(0.85, 1_000_000)]
    [InlineData(0.5, 900_000)]
    [InlineData(1.2, 900_000)]
    public void RateFor_ASecondSpendingAShare_MakesUpForTheRateControlsShortfallOnly(double share, int expected)
    {
        // 95 %: made up in full; 85 %: at most 1/0.9; half: a still scene, nothing added; over: nothing taken off.
        var utilization = Spending(share);

        Assert.InRange(utilization.RateFor(900_000), expected - 500, expected + 500);
    }

    [Fact]
    public void RateFor_LessThanASecondSeen_IsTheTarget()
    {
        var utilization = Spending(0.95, pictures: 29);

        Assert.Null(utilization.Utilization);
        Assert.Equal(900_000, utilization.RateFor(900_000));
    }

    [Fact]
    public void OnPicture_OlderThanASecond_NoLongerCounts()
    {
        var utilization = Spending(0.5);
        for (var i = 0; i < 30; i++)
        {
            utilization.OnPicture(30_000 * 96 / 100 / 8, 900_000);
        }

        Assert.InRange(utilization.Utilization!.Value, 0.959, 0.961);
    }

    [Fact]
    public void Reset_AfterACut_NothingMadeUpUntilASecondIsSeenAgain()
    {
        var utilization = Spending(0.95);

        utilization.Reset();
        utilization.OnPicture(1_000, 900_000);

        Assert.Null(utilization.Utilization);
        Assert.Equal(900_000, utilization.RateFor(900_000));
    }
}
