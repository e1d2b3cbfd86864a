using Tandem.Load.Checking;

namespace Tandem.Load.Tests.Checking;

public class DeliveryCheckerTests
{
    private static DeliveryChecker SentFrom(int pair, int side, int count, int pairs = 4)
    {
        var checker = new DeliveryChecker(pairs);
        for (var i = 0; i < count; i++)
        {
            checker.RecordSent(pair, side);
        }

        return checker;
    }

    [Fact]
    public void RecordReceived_AllInOrder_CountsNothingWrong()
    {
        var checker = SentFrom(1, 0, 5);
        for (var seq = 0; seq < 5; seq++)
        {
            Assert.Equal(Delivery.InOrder, checker.RecordReceived(1, 1, 1, 0, seq));
        }

        Assert.Equal(new DeliveryTotals(5, 0, 5, 0, 0, 0, 0), checker.Totals());
    }

    [Fact]
    public void Totals_MissingMessages_CountsLost()
    {
        var checker = SentFrom(0, 1, 4);
        checker.RecordReceived(0, 0, 0, 1, 0);
        checker.RecordReceived(0, 0, 0, 1, 3);

        var totals = checker.Totals();
        Assert.Equal(2, totals.Lost);
        Assert.Equal(2, totals.Delivered);
    }

    [Fact]
    public void RecordReceived_SameSeqTwice_CountsOneDuplicate()
    {
        var checker = SentFrom(2, 0, 2);
        Assert.Equal(Delivery.InOrder, checker.RecordReceived(2, 1, 2, 0, 0));
        Assert.Equal(Delivery.Duplicate, checker.RecordReceived(2, 1, 2, 0, 0));
        Assert.Equal(Delivery.InOrder, checker.RecordReceived(2, 1, 2, 0, 1));

        var totals = checker.Totals();
        Assert.Equal((1L, 0L, 2L), (totals.Duplicated, totals.Lost, totals.Delivered));
    }

    [Fact]
    public void RecordReceived_EarlierAfterLater_CountsOutOfOrderNotLost()
    {
        var checker = SentFrom(0, 0, 3);
        Assert.Equal(Delivery.InOrder, checker.RecordReceived(0, 1, 0, 0, 0));
        Assert.Equal(Delivery.InOrder, checker.RecordReceived(0, 1, 0, 0, 2));
        Assert.Equal(Delivery.OutOfOrder, checker.RecordReceived(0, 1, 0, 0, 1));

        var totals = checker.Totals();
        Assert.Equal((1L, 0L, 0L), (totals.OutOfOrder, totals.Lost, totals.Duplicated));
    }

    [Theory]
    [InlineData(1, 1, 3, 0)]
    [InlineData(1, 0, 1, 0)]
    [InlineData(1, 1, 9, 0)]
    [InlineData(1, 1, 1, 2)]
    public void RecordReceived_WrongConnection_CountsMisroutedAndLost(int receiverPair, int receiverSide, int senderPair, int senderSide)
    {
        var checker = SentFrom(1, 0, 1);
        Assert.Equal(Delivery.Misrouted, checker.RecordReceived(receiverPair, receiverSide, senderPair, senderSide, 0));

        var totals = checker.Totals();
        Assert.Equal(1, totals.Misrouted);
        Assert.Equal(1, totals.Lost);
    }

    [Fact]
    public void RecordReceived_OtherPairsMessage_IsMisroutedEvenIfThatPairSentIt()
    {
        var checker = new DeliveryChecker(2);
        checker.RecordSent(0, 0);
        Assert.Equal(Delivery.Misrouted, checker.RecordReceived(1, 1, 0, 0, 0));
        Assert.Equal(Delivery.InOrder, checker.RecordReceived(0, 1, 0, 0, 0));

        var totals = checker.Totals();
        Assert.Equal((1L, 0L, 1L), (totals.Misrouted, totals.Lost, totals.Delivered));
    }

    [Fact]
    public void Totals_RefusedMessages_AreNotLost()
    {
        var checker = SentFrom(3, 1, 3);
        checker.RecordRefused(3, 1);
        checker.RecordReceived(3, 0, 3, 1, 0);
        checker.RecordReceived(3, 0, 3, 1, 1);

        var totals = checker.Totals();
        Assert.Equal((0L, 1L), (totals.Lost, totals.Refused));
    }

    [Fact]
    public void RecordReceived_NegativeSeq_IsMisrouted()
    {
        var checker = SentFrom(0, 0, 1);
        Assert.Equal(Delivery.Misrouted, checker.RecordReceived(0, 1, 0, 0, -1));
    }

    [Fact]
    public void RecordReceived_ManyThreads_CountsEveryMessageOnce()
    {
        const int Pairs = 64, PerStream = 200;
        var checker = new DeliveryChecker(Pairs);
        Parallel.For(0, Pairs * 2, stream =>
        {
            var (pair, side) = (stream / 2, stream % 2);
            for (var seq = 0; seq < PerStream; seq++)
            {
                checker.RecordSent(pair, side);
                checker.RecordReceived(pair, 1 - side, pair, side, seq);
            }
        });

        Assert.Equal(new DeliveryTotals(Pairs * 2 * PerStream, 0, Pairs * 2 * PerStream, 0, 0, 0, 0), checker.Totals());
    }
}
