using Microsoft.Extensions.Logging.Console;

namespace Tandem.Server.Logging;

/// <summary>
/// Log lines to a size-limited set of files (<see cref="RollingFileStream"/>), as well as the console:
/// the simple layout on one line, always with a UTC timestamp, no colors, batched like the console
/// (<see cref="BatchedLoggerProvider"/>). Its alias is "File": <c>Logging:File:LogLevel:*</c> sets levels
/// for the file alone.
/// </summary>
[ProviderAlias("File")]
public sealed class FileLoggerProvider : BatchedLoggerProvider
{
    /// <summary>The timestamp written when <c>Logging:Console:FormatterOptions:TimestampFormat</c> sets none.</summary>
    public const string DefaultTimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";

    /// <summary>Creates the provider writing to <paramref name="file"/>, which it owns from then on.</summary>
    /// <param name="file">The open log file.</param>
    /// <param name="options">The console's formatter options, for the timestamp format and scopes.</param>
    /// <param name="time">Clock for timestamps and the flush timer.</param>
    public FileLoggerProvider(RollingFileStream file, SimpleConsoleFormatterOptions options, TimeProvider? time = null)
        : base(file, new SimpleLineFormat(FileOptions(options), colors: false, time ?? TimeProvider.System), time ?? TimeProvider.System, DefaultCapacityBytes, DefaultFlushInterval, ownsOutput: true)
    {
    }

    private static SimpleConsoleFormatterOptions FileOptions(SimpleConsoleFormatterOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var utc = options.TimestampFormat is null || options.UseUtcTimestamp;
        return new SimpleConsoleFormatterOptions
        {
            SingleLine = true,
            IncludeScopes = options.IncludeScopes,
            TimestampFormat = options.TimestampFormat ?? DefaultTimestampFormat,
            UseUtcTimestamp = utc,
            ColorBehavior = LoggerColorBehavior.Disabled,
        };
    }
}
