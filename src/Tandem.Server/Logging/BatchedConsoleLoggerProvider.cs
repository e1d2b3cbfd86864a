using System.Collections.Concurrent;
using Microsoft.Extensions.Logging.Console;

namespace Tandem.Server.Logging;

/// <summary>
/// The server's console logger: the lines of .NET's simple console formatter, formatted once on the
/// logging thread into a reused UTF-8 buffer and written in batches by one background thread
/// (<see cref="LogBatchWriter"/>), so a log call costs no system call and never waits for the output.
/// Its alias is "Console", so <c>Logging:Console:LogLevel:*</c> filters it as it did .NET's provider.
/// </summary>
[ProviderAlias("Console")]
public sealed class BatchedConsoleLoggerProvider : ILoggerProvider, ISupportExternalScope
{
    /// <summary>Bytes waiting at most before lines are dropped (about 7 000 typical lines).</summary>
    public const int DefaultCapacityBytes = 1024 * 1024;

    /// <summary>Longest time a line waits before it is written.</summary>
    public static readonly TimeSpan DefaultFlushInterval = TimeSpan.FromMilliseconds(50);

    private readonly ConcurrentDictionary<string, BatchedConsoleLogger> _loggers = new(StringComparer.Ordinal);

    /// <summary>Creates the provider writing to <paramref name="output"/>.</summary>
    /// <param name="output">Standard output in the server; any stream in tests and benchmarks.</param>
    /// <param name="options">The simple formatter's options (<c>Logging:Console:FormatterOptions</c>).</param>
    /// <param name="colors">Whether the level gets ANSI colors (a terminal).</param>
    /// <param name="time">Clock for timestamps and the flush timer.</param>
    /// <param name="capacityBytes">Bytes waiting at most; see <see cref="DefaultCapacityBytes"/>.</param>
    /// <param name="flushInterval">Defaults to <see cref="DefaultFlushInterval"/>.</param>
    public BatchedConsoleLoggerProvider(
        Stream output,
        SimpleConsoleFormatterOptions options,
        bool colors = false,
        TimeProvider? time = null,
        int capacityBytes = DefaultCapacityBytes,
        TimeSpan? flushInterval = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        time ??= TimeProvider.System;
        Format = new SimpleLineFormat(options, colors, time);
        Writer = new LogBatchWriter(output, capacityBytes, flushInterval ?? DefaultFlushInterval, time, DroppedLine);
    }

    /// <summary>Lines dropped so far because the output did not keep up.</summary>
    public long DroppedLines => Writer.DroppedTotal;

    internal SimpleLineFormat Format { get; }

    internal LogBatchWriter Writer { get; }

    internal IExternalScopeProvider? ScopeProvider { get; private set; }

    /// <inheritdoc/>
    public ILogger CreateLogger(string categoryName) => _loggers.GetOrAdd(categoryName, static (name, self) => new BatchedConsoleLogger(name, self), this);

    /// <inheritdoc/>
    public void SetScopeProvider(IExternalScopeProvider scopeProvider) => ScopeProvider = scopeProvider;

    /// <summary>Writes every queued line and stops the writer.</summary>
    public void Dispose() => Writer.Dispose();

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
