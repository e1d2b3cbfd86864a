using Microsoft.Extensions.Logging;
using Tandem.Signaling.Hub;

namespace Tandem.Signaling.Tests.TestSupport;

/// <summary>Keeps the hub's log lines, formatted, with their level.</summary>
internal sealed class ListLogger : ILogger<SignalingHub>
{
    public List<(LogLevel Level, string Text)> Lines { get; } = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => true;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter) =>
        Lines.Add((logLevel, formatter(state, exception)));
}
