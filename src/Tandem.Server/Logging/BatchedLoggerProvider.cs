using System.Collections.Concurrent;

namespace Tandem.Server.Logging;

/// <summary>
/// A logger provider whose lines are formatted once on the logging thread into a reused UTF-8 buffer
/// and written to a stream in batches by one background thread (<see cref="LogBatchWriter"/>), so a
/// log call costs no system call and never waits for the output. The console and the log file are
/// two of these, each with its alias for <c>Logging:{Alias}:LogLevel:*</c>.
/// </summary>
public abstract class BatchedLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>Bytes waiting at most before lines are dropped (about 7 000 typical lines).</summary>
    public const int DefaultCapacityBytes = 1024 * 1024;

    /// <summary>Longest time a line waits before it is written.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, BatchedLogger> _loggers = new(StringComparer.Ordinal);
    private readonly Stream? _ownedOutput;

    private protected BatchedLoggerProvider(Stream output, SimpleLineFormat format, TimeProvider time, int capacityBytes, TimeSpan flushInterval, bool ownsOutput)
    {
        ArgumentNullException.ThrowIfNull(output);
        _ownedOutput = ownsOutput ? output : null;
        Format = format;
        Writer = new LogBatchWriter(output, capacityBytes, flushInterval, time, DroppedLine);
    }

    /// <summary>Lines dropped so far because the output did not keep up.</summary>
    public long DroppedLines => Writer.DroppedTotal;

    internal SimpleLineFormat Format { get; }

    internal LogBatchWriter Writer { get; }

    internal IExternalScopeProvider? ScopeProvider { get; private set; }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, static (name, self) => new BatchedLogger(name, self), this);

    /// <inheritdoc/>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    /// <summary>Writes every queued line, stops the writer, and closes the output if it was handed over.</summary>
    public void Dispose()
    {
        Writer.Dispose();
        _ownedOutput?.Dispose();
        GC.SuppressFinalize(this);
    }

    // Runs on the writer thread, which has a line buffer of its own.
    private byte[] DroppedLine(long count)
    {
        var line = new LogLineBuffer();
        Format.WriteHeader(line, LogLevel.Warning, "Tandem.Server.Logging"u8.ToArray(), 0);
        Format.WriteMessage(line, $"{count} log lines dropped: the output did not keep up");
        Format.End(line);
        return line.WrittenSpan.ToArray();
    }
}
