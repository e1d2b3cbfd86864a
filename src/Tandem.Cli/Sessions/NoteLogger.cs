using Microsoft.Extensions.Logging;

namespace Tandem.Cli.Sessions;

/// <summary>
/// What the WebRTC stack logs, as the command's own lines: a warning (e.g. ICE fell back to loopback)
/// becomes <c>note: M</c> on stdout, an error <c>tandem: M</c> on stderr; each distinct line once, since
/// every new peer connection would say the same again.
/// </summary>
internal sealed class NoteLogger(TextWriter output, TextWriter errors) : ILogger
{
    private readonly HashSet<string> _said = [];

    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        if (!IsEnabled(logLevel))
        {
            return;
        }

        var error = logLevel >= LogLevel.Error;
        var line = (error ? "tandem: " : "note: ") + formatter(state, exception) + (exception is null ? "" : $" ({exception.GetType().Name}: {exception.Message})");
        lock (_said)
        {
            if (!_said.Add(line))
            {
                return;
            }
        }

        (error ? errors : output).WriteLine(line);
    }
}
