using System.Text;

namespace Tandem.Server.Logging;

/// <summary>One category's logger: formats each entry once into a reused UTF-8 buffer and queues the bytes.</summary>
internal sealed class BatchedLogger(string category, BatchedLoggerProvider provider) : ILogger
{
    // Buffers above this size (a long exception) are not kept per thread.
    private const int KeptBufferBytes = 16 * 1024;

    // One buffer per thread: a line is formatted and copied out before Log returns, so it is free again.
    [ThreadStatic]
    private static LogLineBuffer? t_line;

    private readonly byte[] _category = Encoding.UTF8.GetBytes(category);

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => provider.ScopeProvider?.Push(state);

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        ArgumentNullException.ThrowIfNull(formatter);
        var message = formatter(state, exception);
        if (message is null && exception is null)
        {
            return;
        }

        // Taken, not borrowed: a log call made while formatting (a scope's ToString) gets a buffer of its own.
        var line = t_line ?? new LogLineBuffer();
        t_line = null;
        line.Clear();
        var format = provider.Format;
        format.WriteHeader(line, logLevel, _category, eventId.Id);
        if (format.IncludeScopes && provider.ScopeProvider is { } scopes)
        {
            WriteScopes(line, format, scopes);
        }

        format.WriteMessage(line, message);
        if (exception is not null)
        {
            format.WriteMessage(line, exception.ToString());
        }

        format.End(line);
        provider.Writer.Append(line.WrittenSpan);
        if (line.Capacity <= KeptBufferBytes)
        {
            t_line = line;
        }
    }

    private static void WriteScopes(LogLineBuffer line, SimpleLineFormat format, IExternalScopeProvider scopes)
    {
        var state = new ScopeState(line, format);
        scopes.ForEachScope(
            static (scope, s) =>
            {
                s.Format.WriteScope(s.Line, scope, !s.Any);
                s.Any = true;
            },
            state);
        format.EndScopes(line, state.Any);
    }

    private sealed class ScopeState(LogLineBuffer line, SimpleLineFormat format)
    {
        public LogLineBuffer Line { get; } = line;

        public SimpleLineFormat Format { get; } = format;

        public bool Any { get; set; }
    }
}
