using System.Text;
using Microsoft.Extensions.Logging.Console;

namespace Tandem.Server.Logging;

/// <summary>
/// The line layout of .NET's "simple" console formatter, byte for byte, written as UTF-8:
/// <c>[timestamp]level: category[eventId][ => scope...] message[ exception]</c> on one line
/// (<see cref="ConsoleFormatterOptions"/> <c>SingleLine</c>), or the header and an indented message
/// on lines of their own. Colors are the formatter's ANSI codes around the level. The journald layout
/// is that of .NET's systemd formatter: <c>&lt;priority&gt;category[eventId][ => scope...] message</c>, one
/// line, no timestamp (the journal stamps each line).
/// </summary>
internal sealed class SimpleLineFormat
{
    private const string MessagePadding = "      ";
    private static readonly byte[] NewLine = Encoding.UTF8.GetBytes(Environment.NewLine);
    private static readonly byte[] NewLineWithPadding = Encoding.UTF8.GetBytes(Environment.NewLine + MessagePadding);

    private readonly string? _timestampFormat;
    private readonly bool _utc;
    private readonly bool _colors;
    private readonly TimeProvider _time;
    private readonly bool _journald;

    public SimpleLineFormat(SimpleConsoleFormatterOptions options, bool colors, TimeProvider time, bool journald = false)
    {
        _journald = journald;
        _timestampFormat = journald ? null : options.TimestampFormat;
        _utc = options.UseUtcTimestamp;
        SingleLine = journald || options.SingleLine;
        IncludeScopes = options.IncludeScopes;
        _colors = colors;
        _time = time;
    }

    public bool SingleLine { get; }

    public bool IncludeScopes { get; }

    /// <summary>Writes the timestamp, the level and <c>: category[eventId]</c> (journald: <c>&lt;priority&gt;category[eventId]</c>).</summary>
    public void WriteHeader(LogLineBuffer line, LogLevel level, byte[] category, int eventId)
    {
        if (_journald)
        {
            line.Write(SyslogPriority(level));
            WriteCategory(line, category, eventId);
            return;
        }

        if (_timestampFormat is not null)
        {
            var now = _time.GetUtcNow();
            line.WriteFormattable(_utc ? now : now.ToLocalTime(), _timestampFormat, null);
        }

        var (open, close) = _colors ? LevelColors(level) : (default, default);
        line.Write(open);
        line.Write(LevelName(level));
        line.Write(close);
        line.Write(": "u8);
        WriteCategory(line, category, eventId);
        if (!SingleLine)
        {
            line.Write(NewLine);
        }
    }

    /// <summary>Writes one scope; <paramref name="first"/> is the first of the line.</summary>
    public void WriteScope(LogLineBuffer line, object? scope, bool first)
    {
        line.Write(first && !SingleLine ? MessagePadding + "=> " : " => ");
        line.Write(scope?.ToString());
    }

    /// <summary>Ends the scope list (multi-line layout: on a line of its own).</summary>
    public void EndScopes(LogLineBuffer line, bool any)
    {
        if (any && !SingleLine)
        {
            line.Write(NewLine);
        }
    }

    /// <summary>Writes the message or exception text; skipped when empty, as the simple formatter does.</summary>
    public void WriteMessage(LogLineBuffer line, string? message)
    {
        if (string.IsNullOrEmpty(message))
        {
            return;
        }

        if (SingleLine)
        {
            line.Write((byte)' ');
            line.WriteReplacingNewLines(message, " "u8);
        }
        else
        {
            line.Write(MessagePadding);
            line.WriteReplacingNewLines(message, NewLineWithPadding);
            line.Write(NewLine);
        }
    }

    /// <summary>Ends the entry.</summary>
    public void End(LogLineBuffer line)
    {
        if (SingleLine)
        {
            line.Write(NewLine);
        }
    }

    private static void WriteCategory(LogLineBuffer line, byte[] category, int eventId)
    {
        line.Write(category);
        line.Write((byte)'[');
        line.WriteFormattable(eventId, default, null);
        line.Write((byte)']');
    }

    // RFC 5424 §6.2.1 severities, as journald reads them from a "<N>" prefix (sd-daemon(3)).
    private static ReadOnlySpan<byte> SyslogPriority(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => "<7>"u8,
        LogLevel.Information => "<6>"u8,
        LogLevel.Warning => "<4>"u8,
        LogLevel.Error => "<3>"u8,
        LogLevel.Critical => "<2>"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    private static ReadOnlySpan<byte> LevelName(LogLevel level) => level switch
    {
        LogLevel.Trace => "trce"u8,
        LogLevel.Debug => "dbug"u8,
        LogLevel.Information => "info"u8,
        LogLevel.Warning => "warn"u8,
        LogLevel.Error => "fail"u8,
        LogLevel.Critical => "crit"u8,
        _ => throw new ArgumentOutOfRangeException(nameof(level)),
    };

    // Background then foreground before the level; default foreground then default background after it.
    private static (byte[] Open, byte[] Close) LevelColors(LogLevel level) => level switch
    {
        LogLevel.Trace or LogLevel.Debug => (Ansi.GrayOnBlack, Ansi.ResetBoth),
        LogLevel.Information => (Ansi.DarkGreenOnBlack, Ansi.ResetBoth),
        LogLevel.Warning => (Ansi.YellowOnBlack, Ansi.ResetBoth),
        LogLevel.Error => (Ansi.BlackOnDarkRed, Ansi.ResetBoth),
        LogLevel.Critical => (Ansi.WhiteOnDarkRed, Ansi.ResetBoth),
        _ => ([], []),
    };

    private static class Ansi
    {
        public static readonly byte[] GrayOnBlack = "\e[40m\e[37m"u8.ToArray();
        public static readonly byte[] DarkGreenOnBlack = "\e[40m\e[32m"u8.ToArray();
        public static readonly byte[] YellowOnBlack = "\e[40m\e[1m\e[33m"u8.ToArray();
        public static readonly byte[] BlackOnDarkRed = "\e[41m\e[30m"u8.ToArray();
        public static readonly byte[] WhiteOnDarkRed = "\e[41m\e[1m\e[37m"u8.ToArray();
        public static readonly byte[] ResetBoth = "\e[39m\e[22m\e[49m"u8.ToArray();
    }
}
