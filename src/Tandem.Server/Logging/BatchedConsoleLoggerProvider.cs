using Microsoft.Extensions.Logging.Console;

namespace Tandem.Server.Logging;

/// <summary>
/// The server's console logger: the lines of .NET's simple console formatter (or, under systemd, its
/// journald layout), written in batches (<see cref="BatchedLoggerProvider"/>). Its alias is "Console", so
/// <c>Logging:Console:LogLevel:*</c> filters it as it did .NET's provider.
/// </summary>
[ProviderAlias("Console")]
public sealed class BatchedConsoleLoggerProvider : BatchedLoggerProvider
{
    /// <summary>Creates the provider writing to <paramref name="output"/>.</summary>
    /// <param name="output">Standard output in the server; any stream in tests and benchmarks.</param>
    /// <param name="options">The simple formatter's options (<c>Logging:Console:FormatterOptions</c>).</param>
    /// <param name="colors">Whether the level gets ANSI colors (a terminal).</param>
    /// <param name="time">Clock for timestamps and the flush timer.</param>
    /// <param name="capacityBytes">Bytes waiting at most; see <see cref="BatchedLoggerProvider.DefaultCapacityBytes"/>.</param>
    /// <param name="flushInterval">Defaults to <see cref="BatchedLoggerProvider.DefaultFlushInterval"/>.</param>
    /// <param name="journald">The journald layout (<c>&lt;6&gt;category[id] message</c>: syslog priority, no timestamp, one line).</param>
    public BatchedConsoleLoggerProvider(
        Stream output,
        SimpleConsoleFormatterOptions options,
        bool colors = false,
        TimeProvider? time = null,
        int capacityBytes = DefaultCapacityBytes,
        TimeSpan? flushInterval = null,
        bool journald = false)
        : base(output, new SimpleLineFormat(options, colors && !journald, time ?? TimeProvider.System, journald), time ?? TimeProvider.System, capacityBytes, flushInterval ?? DefaultFlushInterval, ownsOutput: false)
    {
    }
}
