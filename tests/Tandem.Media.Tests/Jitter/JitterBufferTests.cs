using Microsoft.Extensions.Time.Testing;
using Tandem.Media.Jitter;

namespace Tandem.Media.Tests.Jitter;

public class JitterBufferTests
{
    private const uint Step = 960; // 20 ms at 48 kHz.
    private static readonly TimeSpan Frame = TimeSpan.FromMilliseconds(20);

    private readonly FakeTimeProvider _time = new();

    [Fact]
    public void TryPop_InOrder_ReleasesEachFrameAfterMinDelay()
    {
        var buffer = NewBuffer();
        buffer.Insert(100, 5000, "a");

        Assert.False(buffer.TryPop(out _));
        Assert.Equal(TimeSpan.FromMilliseconds(20), buffer.TimeUntilNextDue);
        _time.Advance(TimeSpan.FromMilliseconds(20));

        Assert.True(buffer.TryPop(out var frame));
        Assert.Equal("a", frame.Item);
        Assert.Equal(100, frame.SequenceNumber);
        Assert.Equal(5000u, frame.RtpTimestamp);
        Assert.Equal(0, frame.LostBefore);
        Assert.Equal(TimeSpan.FromMilliseconds(20), frame.BufferedFor);
        Assert.Null(buffer.TimeUntilNextDue);
    }

    [Fact]
    public void TryPop_Reordered_ReturnsSequenceOrder()
    {
        var buffer = NewBuffer();
        buffer.Insert(10, 0, "0");
        buffer.Insert(12, 2 * Step, "2");
        buffer.Insert(11, Step, "1");
        buffer.Insert(13, 3 * Step, "3");

        var popped = Drain(buffer, TimeSpan.FromMilliseconds(200));

        Assert.Equal(["0", "1", "2", "3"], popped.Select(f => f.Item));
        Assert.All(popped, f => Assert.Equal(0, f.LostBefore));
    }

    [Fact]
    public void TryPop_FirstTwoSwapped_StillStartsWithEarliest()
    {
        var buffer = NewBuffer();
        buffer.Insert(11, Step, "1");
        buffer.Insert(10, 0, "0");

        var popped = Drain(buffer, TimeSpan.FromMilliseconds(200));

        Assert.Equal(["0", "1"], popped.Select(f => f.Item));
    }

    [Fact]
    public void TryPop_Gap_WaitsUntilNextIsDueThenReportsLoss()
    {
        var buffer = NewBuffer();
        buffer.Insert(1, 0, "1");
        _time.Advance(TimeSpan.FromMilliseconds(20));
        Assert.True(buffer.TryPop(out _));
        _time.Advance(Frame);
        _time.Advance(Frame);
        buffer.Insert(4, 3 * Step, "4");

        Assert.False(buffer.TryPop(out _));
        _time.Advance(Frame);
        Assert.True(buffer.TryPop(out var frame));

        Assert.Equal("4", frame.Item);
        Assert.Equal(2, frame.LostBefore);
        Assert.Equal(2, buffer.Statistics.Lost);
    }

    [Fact]
    public void Insert_AfterSuccessorPlayed_IsLateAndRaisesTargetDelay()
    {
        var buffer = NewBuffer();
        buffer.Insert(1, 0, "1");
        _time.Advance(Frame);
        buffer.Insert(3, 2 * Step, "3");
        var early = Drain(buffer, TimeSpan.FromMilliseconds(40));
        var before = buffer.TargetDelay;

        var result = buffer.Insert(2, Step, "2");

        Assert.Equal(["1", "3"], early.Select(f => f.Item));
        Assert.Equal(JitterInsertResult.Late, result);
        Assert.Equal(1, buffer.Statistics.Late);
        Assert.True(buffer.TargetDelay > before, $"{buffer.TargetDelay} <= {before}");
    }

    [Fact]
    public void Insert_SameSequenceTwice_IsDuplicate()
    {
        var buffer = NewBuffer();

        Assert.Equal(JitterInsertResult.Inserted, buffer.Insert(5, 0, "a"));
        Assert.Equal(JitterInsertResult.Duplicate, buffer.Insert(5, 0, "b"));
        Assert.Equal(1, buffer.Count);
        Assert.Equal(1, buffer.Statistics.Duplicates);
    }

    [Fact]
    public void TryPop_SequenceWrap_KeepsOrder()
    {
        var buffer = NewBuffer();
        buffer.Insert(65534, uint.MaxValue - Step, "a");
        buffer.Insert(0, (2 * Step) - Step - 1, "c");
        buffer.Insert(65535, uint.MaxValue, "b");
        buffer.Insert(1, (3 * Step) - Step - 1, "d");

        var popped = Drain(buffer, TimeSpan.FromMilliseconds(300));

        Assert.Equal(["a", "b", "c", "d"], popped.Select(f => f.Item));
        Assert.All(popped, f => Assert.Equal(0, f.LostBefore));
    }

    [Fact]
    public void Insert_VideoFrameRanges_LossCountsMissingPackets()
    {
        var buffer = new JitterBuffer<string>(JitterBufferOptions.Video, _time);
        buffer.Insert(10, 14, 0, "f0");
        buffer.Insert(15, 15, 3000, "f1");
        buffer.Insert(18, 20, 6000, "f2");

        var popped = Drain(buffer, TimeSpan.FromMilliseconds(300));

        Assert.Equal(["f0", "f1", "f2"], popped.Select(f => f.Item));
        Assert.Equal([0, 0, 2], popped.Select(f => f.LostBefore));
    }

    [Fact]
    public void TargetDelay_UnderJitter_GrowsThenShrinksBack()
    {
        var buffer = NewBuffer();
        var random = new Random(11);
        uint timestamp = 0;
        ushort sequence = 0;
        var last = TimeSpan.Zero;

        // 10 s of frames whose arrival wanders by up to 60 ms.
        for (int i = 0; i < 500; i++)
        {
            var arrival = (Frame * i) + TimeSpan.FromMilliseconds(random.Next(0, 60));
            if (arrival > last)
            {
                _time.Advance(arrival - last);
                last = arrival;
            }

            buffer.Insert(sequence++, timestamp, "x");
            timestamp += Step;
            Drain(buffer, TimeSpan.Zero);
        }

        var underJitter = buffer.TargetDelay;
        var jitter = buffer.Jitter;

        // 20 s of perfectly regular arrivals.
        for (int i = 0; i < 1000; i++)
        {
            _time.Advance(Frame);
            buffer.Insert(sequence++, timestamp, "x");
            timestamp += Step;
            Drain(buffer, TimeSpan.Zero);
        }

        Assert.True(jitter > TimeSpan.FromMilliseconds(10), $"jitter {jitter}");
        Assert.True(underJitter > TimeSpan.FromMilliseconds(60), $"target under jitter {underJitter}");
        Assert.True(buffer.TargetDelay < TimeSpan.FromMilliseconds(25), $"target after calm {buffer.TargetDelay}");
        Assert.True(buffer.Jitter < TimeSpan.FromMilliseconds(1), $"jitter after calm {buffer.Jitter}");
    }

    [Fact]
    public void TargetDelay_HugeJitter_StaysWithinMax()
    {
        var buffer = NewBuffer();
        uint timestamp = 0;
        for (ushort i = 0; i < 50; i++)
        {
            _time.Advance(TimeSpan.FromMilliseconds(i % 2 == 0 ? 1 : 900));
            buffer.Insert(i, timestamp, "x");
            timestamp += Step;
        }

        Assert.Equal(TimeSpan.FromMilliseconds(400), buffer.TargetDelay);
    }

    [Fact]
    public void Insert_SequenceJump_RestartsAndDiscardsOldFrames()
    {
        var discarded = new List<string>();
        var buffer = new JitterBuffer<string>(JitterBufferOptions.Audio, _time, discarded.Add);
        buffer.Insert(1, 0, "old1");
        buffer.Insert(2, Step, "old2");

        var result = buffer.Insert(30_000, 123_456, "new");
        var popped = Drain(buffer, TimeSpan.FromMilliseconds(100));

        Assert.Equal(JitterInsertResult.Restarted, result);
        Assert.Equal(["old1", "old2"], discarded);
        Assert.Equal(["new"], popped.Select(f => f.Item));
        Assert.Equal(1, buffer.Statistics.Restarts);
    }

    [Fact]
    public void Clear_DiscardsAndAcceptsNewStream()
    {
        var discarded = new List<string>();
        var buffer = new JitterBuffer<string>(JitterBufferOptions.Audio, _time, discarded.Add);
        buffer.Insert(7, 0, "a");

        buffer.Clear();
        buffer.Insert(3, 0, "b");

        Assert.Equal(["a"], discarded);
        Assert.Equal(["b"], Drain(buffer, TimeSpan.FromMilliseconds(100)).Select(f => f.Item));
    }

    [Fact]
    public void Constructor_CapacityNotPowerOfTwo_Throws()
    {
        Assert.Throws<ArgumentException>(() => new JitterBuffer<int>(new JitterBufferOptions { Capacity = 1000 }, _time));
    }

    private JitterBuffer<string> NewBuffer() => new(JitterBufferOptions.Audio, _time);

    private List<JitterFrame<string>> Drain(JitterBuffer<string> buffer, TimeSpan span)
    {
        var popped = new List<JitterFrame<string>>();
        var end = _time.GetUtcNow() + span;
        while (true)
        {
            while (buffer.TryPop(out var frame))
            {
                popped.Add(frame);
            }

            if (_time.GetUtcNow() >= end)
            {
                return popped;
            }

            _time.Advance(TimeSpan.FromMilliseconds(1));
        }
    }
}
