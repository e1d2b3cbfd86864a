using Tandem.WebRtc.Sctp;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Tests.Sctp;

public sealed class SctpReassemblyQueueTests
{
    private const byte B = SctpDataChunk.FlagBeginning;
    private const byte E = SctpDataChunk.FlagEnd;
    private const byte U = SctpDataChunk.FlagUnordered;

    [Fact]
    public void Add_FragmentsOutOfOrder_DeliversWholeMessage()
    {
        var delivered = new List<SctpMessage>();
        var queue = new SctpReassemblyQueue(delivered.Add);

        queue.Add(new SctpDataChunk(12, 1, 0, 53, E, "ghi"u8));
        queue.Add(new SctpDataChunk(10, 1, 0, 53, B, "abc"u8));
        Assert.Empty(delivered);
        Assert.Equal(6, queue.BufferedBytes);
        queue.Add(new SctpDataChunk(11, 1, 0, 53, 0, "def"u8));

        Assert.Equal("abcdefghi"u8.ToArray(), Assert.Single(delivered).Data);
        Assert.Equal(0, queue.BufferedBytes);
    }

    [Fact]
    public void Add_OrderedAheadOfGap_HeldUntilGapFills()
    {
        var delivered = new List<string>();
        var queue = new SctpReassemblyQueue(m => delivered.Add(System.Text.Encoding.ASCII.GetString(m.Data)));

        queue.Add(new SctpDataChunk(2, 1, 1, 51, B | E, "second"u8));
        queue.Add(new SctpDataChunk(3, 2, 0, 51, B | E, "other"u8));
        queue.Add(new SctpDataChunk(4, 1, 2, 51, B | U | E, "unordered"u8));
        Assert.Equal(["other", "unordered"], delivered);
        queue.Add(new SctpDataChunk(1, 1, 0, 51, B | E, "first"u8));

        Assert.Equal(["other", "unordered", "first", "second"], delivered);
    }

    [Fact]
    public void Forward_SkippedSsn_ReleasesLaterMessagesAndDropsFragments()
    {
        var delivered = new List<string>();
        var queue = new SctpReassemblyQueue(m => delivered.Add(System.Text.Encoding.ASCII.GetString(m.Data)));
        queue.Add(new SctpDataChunk(1, 4, 0, 51, B, "part"u8));
        queue.Add(new SctpDataChunk(4, 4, 1, 51, B | E, "next"u8));
        var buffer = new byte[16];
        var length = SctpForwardTsnChunk.Write(buffer, 3, [(4, 0)]);
        SctpForwardTsnChunk.TryParse(buffer.AsSpan(0, length), out var forward);

        queue.Forward(3, forward);

        Assert.Equal(["next"], delivered);
        Assert.Equal(0, queue.BufferedBytes);
    }
}
