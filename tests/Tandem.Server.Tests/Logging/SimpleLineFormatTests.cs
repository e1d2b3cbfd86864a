using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Logging.Console;
using Microsoft.Extensions.Time.Testing;
using Tandem.Server.Logging;

namespace Tandem.Server.Tests.Logging;

/// <summary>Our lines against .NET's simple console formatter given the same entry (the format operators know).</summary>
public class SimpleLineFormatTests
{
    public static TheoryData<LogLevel, bool, bool> Layouts()
    {
        var data = new TheoryData<LogLevel, bool, bool>();
        foreach (var level in new[] { LogLevel.Trace, LogLevel.Debug, LogLevel.Information, LogLevel.Warning, LogLevel.Error, LogLevel.Critical })
        {
            foreach (var singleLine in new[] { true, false })
            {
                foreach (var colors in new[] { false, true })
                {
                    data.Add(level, singleLine, colors);
                }
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Layouts))]
    public void Log_EachLevelAndLayout_SameTextAsDotNetSimpleFormatter(LogLevel level, bool singleLine, bool colors)
    {
        var options = Options(singleLine, includeScopes: false, colors);
        var ours = Ours(options, colors, level, "Tandem.Signaling.Hub.SignalingHub", 11, "room r1 paired: offerer glasses_1, answerer app_1", null, null);
        Assert.Equal(DotNet(options, level, "Tandem.Signaling.Hub.SignalingHub", 11, "room r1 paired: offerer glasses_1, answerer app_1", null, null), ours);
        Assert.Equal(colors, ours.Contains('\e', StringComparison.Ordinal));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Log_ExceptionAndMultiLineMessage_SameTextAsDotNetSimpleFormatter(bool singleLine)
    {
        var options = Options(singleLine, includeScopes: false, colors: false);
        var exception = Thrown();
        Assert.Equal(
            DotNet(options, LogLevel.Error, "Tandem.Server", 7, "first line\nsecond line é ✓", exception, null),
            Ours(options, false, LogLevel.Error, "Tandem.Server", 7, "first line\nsecond line é ✓", exception, null));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Log_Scopes_SameTextAsDotNetSimpleFormatter(bool singleLine)
    {
        var options = Options(singleLine, includeScopes: true, colors: false);
        var scopes = new LoggerExternalScopeProvider();
        using var outer = scopes.Push("request 42");
        using var inner = scopes.Push(new Dictionary<string, object> { ["ConnectionId"] = "c7" });
        Assert.Equal(
            DotNet(options, LogLevel.Information, "Cat", 1, "hello", null, scopes),
            Ours(options, false, LogLevel.Information, "Cat", 1, "hello", null, scopes));
    }

    [Theory]
    [InlineData(LogLevel.Debug, false)]
    [InlineData(LogLevel.Information, false)]
    [InlineData(LogLevel.Warning, true)]
    [InlineData(LogLevel.Error, true)]
    [InlineData(LogLevel.Critical, false)]
    public void Log_Journald_SameTextAsDotNetSystemdFormatter(LogLevel level, bool withExceptionAndScopes)
    {
        // The options say multi-line, colored, timestamped: the journald layout ignores all three.
        var options = Options(singleLine: false, includeScopes: withExceptionAndScopes, colors: true);
        options.TimestampFormat = "HH:mm:ss ";
        var scopes = new LoggerExternalScopeProvider();
        using var scope = scopes.Push("request 42");
        var exception = withExceptionAndScopes ? Thrown() : null;
        using var stream = new RecordingStream();
        using (var provider = new BatchedConsoleLoggerProvider(stream, options, colors: true, time: new FakeTimeProvider(), journald: true))
        {
            provider.SetScopeProvider(scopes);
            provider.CreateLogger("Tandem.Server").Log(level, new EventId(7), "first line\nsecond line", exception, (s, _) => s);
        }

        using var services = new ServiceCollection()
            .AddLogging(b => b.AddSystemdConsole(o => o.IncludeScopes = withExceptionAndScopes))
            .BuildServiceProvider();
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Systemd);
        using var text = new StringWriter();
        formatter.Write(new LogEntry<string>(level, "Tandem.Server", new EventId(7), "first line\nsecond line", exception, (s, _) => s), scopes, text);
        Assert.Equal(text.ToString(), stream.Text);
        Assert.StartsWith(level switch { LogLevel.Debug => "<7>", LogLevel.Information => "<6>", LogLevel.Warning => "<4>", LogLevel.Error => "<3>", _ => "<2>" }, stream.Text, StringComparison.Ordinal);
    }

    [Fact]
    public void Log_EmptyMessageWithoutException_HeaderOnlyAsDotNet()
    {
        var options = Options(singleLine: true, includeScopes: false, colors: false);
        Assert.Equal(
            DotNet(options, LogLevel.Warning, "Cat", 0, string.Empty, null, null),
            Ours(options, false, LogLevel.Warning, "Cat", 0, string.Empty, null, null));
    }

    [Fact]
    public void Log_UtcTimestampFormat_WrittenBeforeTheLevel()
    {
        var options = Options(singleLine: true, includeScopes: false, colors: false);
        options.TimestampFormat = "yyyy-MM-ddTHH:mm:ss.fffZ ";
        options.UseUtcTimestamp = true;
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 1, 2, 3, 4, 5, 678, TimeSpan.Zero));
        using var stream = new RecordingStream();
        using (var provider = new BatchedConsoleLoggerProvider(stream, options, time: time))
        {
            provider.CreateLogger("Tandem.Signaling.Hub.SignalingHub").Log(LogLevel.Information, new EventId(1), "connection c1 opened from 127.0.0.1:5000", null, (s, _) => s);
        }

        Assert.Equal("2026-01-02T03:04:05.678Z info: Tandem.Signaling.Hub.SignalingHub[1] connection c1 opened from 127.0.0.1:5000\n", stream.Text);
    }

    [Fact]
    public void Log_LevelNone_NothingWritten()
    {
        using var stream = new RecordingStream();
        using (var provider = new BatchedConsoleLoggerProvider(stream, Options(true, false, false), time: new FakeTimeProvider()))
        {
            var logger = provider.CreateLogger("Cat");
            Assert.False(logger.IsEnabled(LogLevel.None));
            logger.Log(LogLevel.None, new EventId(1), "x", null, (s, _) => s);
        }

        Assert.Equal(string.Empty, stream.Text);
    }

    internal static SimpleConsoleFormatterOptions Options(bool singleLine, bool includeScopes, bool colors) => new()
    {
        SingleLine = singleLine,
        IncludeScopes = includeScopes,
        ColorBehavior = colors ? LoggerColorBehavior.Enabled : LoggerColorBehavior.Disabled,
        TimestampFormat = null,
    };

    private static string DotNet(SimpleConsoleFormatterOptions options, LogLevel level, string category, int eventId, string message, Exception? exception, IExternalScopeProvider? scopes)
    {
        using var services = new ServiceCollection()
            .AddLogging(b => b.AddSimpleConsole(o =>
            {
                o.SingleLine = options.SingleLine;
                o.IncludeScopes = options.IncludeScopes;
                o.ColorBehavior = options.ColorBehavior;
                o.TimestampFormat = options.TimestampFormat;
            }))
            .BuildServiceProvider();
        var formatter = services.GetServices<ConsoleFormatter>().Single(f => f.Name == ConsoleFormatterNames.Simple);
        using var text = new StringWriter();
        formatter.Write(new LogEntry<string>(level, category, new EventId(eventId), message, exception, (s, _) => s), scopes, text);
        return text.ToString();
    }

    private static string Ours(SimpleConsoleFormatterOptions options, bool colors, LogLevel level, string category, int eventId, string message, Exception? exception, IExternalScopeProvider? scopes)
    {
        using var stream = new RecordingStream();
        using (var provider = new BatchedConsoleLoggerProvider(stream, options, colors, new FakeTimeProvider()))
        {
            if (scopes is not null)
            {
                provider.SetScopeProvider(scopes);
            }

            provider.CreateLogger(category).Log(level, new EventId(eventId), message, exception, (s, _) => s);
        }

        return stream.Text;
    }

    private static InvalidOperationException Thrown()
    {
        try
        {
            throw new InvalidOperationException("bad state\nwith a second line");
        }
        catch (InvalidOperationException e)
        {
            return e;
        }
    }
}
