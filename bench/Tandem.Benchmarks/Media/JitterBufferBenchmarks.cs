using BenchmarkDotNet.Attributes;
using Tandem.Media.Jitter;

namespace Tandem.Benchmarks.Media;

/// <summary>
/// 1000 audio frames inserted (every 8th pair swapped) and popped as they fall due.
/// Baseline: a bare <see cref="PriorityQueue{TElement, TPriority}"/> reorder with no timing.
/// </summary>
[MemoryDiagnoser]
public class JitterBufferBenchmarks
{
    private const int Frames = 1000;
    private readonly ushort[] _order = new ushort[Frames];
    private readonly ManualTime _time = new();
    private JitterBuffer<int> _buffer = null!;

    [GlobalSetup]
    public void Setup()
    {
        for (int i = 0; i < Frames; i++)
        {
            _order[i] = (ushort)i;
        }

        for (int i = 0; i + 1 < Frames; i += 8)
        {
            (_order[i], _order[i + 1]) = (_order[i + 1], _order[i]);
        }

        _buffer = new JitterBuffer<int>(JitterBufferOptions.Audio, _time);
    }

    [Benchmark(Baseline = true)]
    public int PriorityQueueReorder()
    {
        var queue = new PriorityQueue<int, int>();
        int popped = 0;
        foreach (ushort sequence in _order)
        {
            queue.Enqueue(sequence, sequence);
            if (queue.Count > 3)
            {
                popped += queue.Dequeue() >= 0 ? 1 : 0;
            }
        }

        return popped + queue.Count;
    }

    [Benchmark]
    public int JitterBufferInsertPop()
    {
        var buffer = _buffer;
        buffer.Clear();
        int popped = 0;
        foreach (ushort sequence in _order)
        {
            buffer.Insert(sequence, sequence * 960u, sequence);
            _time.Advance(20);
            while (buffer.TryPop(out var frame))
            {
                popped += frame.Item >= 0 ? 1 : 0;
            }
        }

        return popped;
    }

    /// <summary>A clock the benchmark moves by hand, so frames fall due without sleeping.</summary>
    private sealed class ManualTime : TimeProvider
    {
        private long _ticks;

        public override long TimestampFrequency => TimeSpan.TicksPerSecond;

        public override long GetTimestamp() => _ticks;

        public void Advance(int milliseconds) => _ticks += milliseconds * TimeSpan.TicksPerMillisecond;
    }
}
