using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpTsnTrackerTests
{
    [Fact]
    public void Add_OutOfOrder_ReportsGapBlocksThenCloses()
    {
        var tracker = new SctpTsnTracker(100);
        tracker.Add(100);
        tracker.Add(102);
        tracker.Add(103);
        tracker.Add(106);
        Span<SctpGapAckBlock> gaps = stackalloc SctpGapAckBlock[8];

        var count = tracker.GetGapBlocks(gaps);

        Assert.Equal(100u, tracker.CumulativeTsn);
        Assert.Equal([new SctpGapAckBlock(2, 3), new SctpGapAckBlock(6, 6)], gaps[..count].ToArray());
        Assert.True(tracker.Add(101));
        Assert.Equal(103u, tracker.CumulativeTsn);
        tracker.Add(105);
        tracker.Add(104);
        Assert.Equal(106u, tracker.CumulativeTsn);
        Assert.False(tracker.HasGaps);
    }

    [Fact]
    public void CheckDuplicate_SeenTsns_RecordedOnce()
    {
        var tracker = new SctpTsnTracker(0xFFFFFFFF);
        tracker.Add(0xFFFFFFFF);
        tracker.Add(1);
        Span<uint> dups = stackalloc uint[4];

        Assert.True(tracker.CheckDuplicate(0xFFFFFFFF));
        Assert.True(tracker.CheckDuplicate(1));
        Assert.False(tracker.CheckDuplicate(0));
        Assert.Equal(2, tracker.TakeDuplicates(dups));
        Assert.Equal(0, tracker.TakeDuplicates(dups));
    }

    [Fact]
    public void ForwardTo_SkipsAndMergesReceivedRanges()
    {
        var tracker = new SctpTsnTracker(1);
        tracker.Add(5);
        tracker.Add(6);
        tracker.Add(9);

        Assert.True(tracker.ForwardTo(4));

        Assert.Equal(6u, tracker.CumulativeTsn);
        Assert.True(tracker.HasGaps);
        Assert.False(tracker.ForwardTo(3));
    }
}
