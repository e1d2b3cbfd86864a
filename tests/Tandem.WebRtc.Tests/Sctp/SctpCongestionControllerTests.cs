using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpCongestionControllerTests
{
    private const int Mtu = 1200;

    [Fact]
    public void Initial_CwndPerRfc9260()
    {
        var cc = new SctpCongestionController(Mtu, 100_000);

        Assert.Equal(4380, cc.Cwnd);
        Assert.Equal(100_000, cc.Ssthresh);
    }

    [Fact]
    public void SlowStart_FullyUtilizedAdvance_GrowsByAtMostOneMtu()
    {
        var cc = new SctpCongestionController(Mtu, 100_000);

        cc.OnSack(bytesAcked: 3000, cumulativeAckAdvanced: true, cumulativeTsnAck: 10, flightSizeBefore: 4380);

        Assert.Equal(4380 + Mtu, cc.Cwnd);
    }

    [Fact]
    public void SlowStart_NotFullyUtilized_DoesNotGrow()
    {
        var cc = new SctpCongestionController(Mtu, 100_000);

        cc.OnSack(bytesAcked: 1000, cumulativeAckAdvanced: true, cumulativeTsnAck: 10, flightSizeBefore: 1000);

        Assert.Equal(4380, cc.Cwnd);
    }

    [Fact]
    public void SlowStart_OnlyGapAcks_DoesNotGrow()
    {
        var cc = new SctpCongestionController(Mtu, 100_000);

        cc.OnSack(bytesAcked: 1000, cumulativeAckAdvanced: false, cumulativeTsnAck: 10, flightSizeBefore: 5000);

        Assert.Equal(4380, cc.Cwnd);
    }

    [Fact]
    public void CongestionAvoidance_OneCwndOfAcks_GrowsOneMtu()
    {
        var cc = new SctpCongestionController(Mtu, 4000);
        Assert.True(cc.Cwnd > cc.Ssthresh);

        cc.OnSack(2000, true, 1, flightSizeBefore: 4380);
        Assert.Equal(4380, cc.Cwnd);
        Assert.Equal(2000, cc.PartialBytesAcked);
        cc.OnSack(2500, true, 2, flightSizeBefore: 4380);

        Assert.Equal(4380 + Mtu, cc.Cwnd);
        Assert.Equal(4500 - 4380, cc.PartialBytesAcked);
    }

    [Fact]
    public void FastRecovery_Exit_CwndEqualsSsthreshNotOneMtu()
    {
        var cc = new SctpCongestionController(Mtu, 1_000_000);
        for (uint tsn = 1; tsn <= 20; tsn++)
        {
            cc.OnSack(Mtu, true, tsn, flightSizeBefore: cc.Cwnd);
        }

        var before = cc.Cwnd;
        Assert.True(cc.OnFastRetransmit(highestOutstandingTsn: 100));
        var ssthresh = cc.Ssthresh;
        Assert.Equal(Math.Max(before / 2, 4 * Mtu), ssthresh);
        Assert.Equal(ssthresh, cc.Cwnd);

        Assert.False(cc.OnFastRetransmit(highestOutstandingTsn: 120));
        cc.OnSack(5 * Mtu, true, 60, flightSizeBefore: cc.Cwnd);
        Assert.True(cc.InFastRecovery);
        Assert.Equal(ssthresh, cc.Cwnd);

        cc.OnSack(5 * Mtu, true, 100, flightSizeBefore: cc.Cwnd);

        Assert.False(cc.InFastRecovery);
        Assert.Equal(ssthresh, cc.Cwnd);
        Assert.NotEqual(Mtu, cc.Cwnd);
    }

    [Fact]
    public void RetransmissionTimeout_CollapsesToOneMtu()
    {
        var cc = new SctpCongestionController(Mtu, 1_000_000);
        cc.OnFastRetransmit(5);

        cc.OnRetransmissionTimeout();

        Assert.Equal(Mtu, cc.Cwnd);
        Assert.Equal(4 * Mtu, cc.Ssthresh);
        Assert.False(cc.InFastRecovery);
    }

    [Fact]
    public void Idle_PerRto_HalvesDownToFourMtu()
    {
        var cc = new SctpCongestionController(Mtu, 1_000_000);
        for (uint tsn = 1; tsn <= 30; tsn++)
        {
            cc.OnSack(Mtu, true, tsn, flightSizeBefore: cc.Cwnd);
        }

        var grown = cc.Cwnd;
        cc.OnIdle(1);
        Assert.Equal(grown / 2, cc.Cwnd);
        cc.OnIdle(10);
        Assert.Equal(4 * Mtu, cc.Cwnd);
    }

    [Fact]
    public void RtoEstimator_FirstAndLaterMeasurements_FollowRfc()
    {
        var rto = new SctpRtoEstimator(TimeSpan.FromSeconds(1), TimeSpan.FromMilliseconds(10), TimeSpan.FromSeconds(60));

        rto.Measure(TimeSpan.FromMilliseconds(100));
        Assert.Equal(300, rto.Rto.TotalMilliseconds, 3);
        rto.Measure(TimeSpan.FromMilliseconds(100));
        Assert.Equal(100 + (4 * 37.5), rto.Rto.TotalMilliseconds, 3);
        rto.Backoff();
        Assert.Equal(2 * (100 + (4 * 37.5)), rto.Rto.TotalMilliseconds, 3);
    }
}
