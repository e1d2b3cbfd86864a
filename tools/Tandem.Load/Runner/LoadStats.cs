using System.Collections.Concurrent;
using System.Diagnostics;
using HdrHistogram;

namespace Tandem.Load.Runner;

/// <summary>Counters shared by every connection of a run. Thread-safe.</summary>
public sealed class LoadStats
{
    // Latency is recorded in microseconds, from 1 µs to 60 s, 3 significant digits.
    private const long HighestMicroseconds = 60_000_000;

    private readonly ConcurrentDictionary<string, long> _errors = new(StringComparer.Ordinal);
    private long _pairsCompleted;
    private long _pairsFailed;
    private long _messages;
    private long _openConnections;

    /// <summary>Send-to-receive latency of forwarded messages, in microseconds.</summary>
    public LongConcurrentHistogram Latency { get; } = new(1, HighestMicroseconds, 3);

    /// <summary>Pair sessions that ran to the end.</summary>
    public long PairsCompleted => Interlocked.Read(ref _pairsCompleted);

    /// <summary>Pair sessions that failed (error, close, timeout).</summary>
    public long PairsFailed => Interlocked.Read(ref _pairsFailed);

    /// <summary>Forwarded messages received (offer, answer, candidates).</summary>
    public long Messages => Interlocked.Read(ref _messages);

    /// <summary>WebSocket connections open now.</summary>
    public long OpenConnections => Interlocked.Read(ref _openConnections);

    /// <summary>Errors by key, e.g. <c>1007</c>, <c>timeout</c>, <c>close:1013</c>.</summary>
    public IReadOnlyDictionary<string, long> Errors => new SortedDictionary<string, long>(_errors, StringComparer.Ordinal);

    /// <summary>Total errors so far.</summary>
    public long ErrorCount => _errors.Values.Sum();

    /// <summary>Counts one error under <paramref name="key"/>.</summary>
    public void AddError(string key) => _errors.AddOrUpdate(key, 1, static (_, n) => n + 1);

    /// <summary>Counts a finished pair session.</summary>
    public void PairDone(bool ok) => Interlocked.Increment(ref ok ? ref _pairsCompleted : ref _pairsFailed);

    /// <summary>Counts a connection opening (+1) or closing (-1).</summary>
    public void ConnectionDelta(int delta) => Interlocked.Add(ref _openConnections, delta);

    /// <summary>Counts a forwarded message sent at <paramref name="sentTicks"/> and received at <paramref name="receivedTicks"/>.</summary>
    public void MessageReceived(long sentTicks, long receivedTicks)
    {
        Interlocked.Increment(ref _messages);
        var micros = (receivedTicks - sentTicks) * 1_000_000 / Stopwatch.Frequency;
        Latency.RecordValue(Math.Clamp(micros, 1, HighestMicroseconds));
    }
}
