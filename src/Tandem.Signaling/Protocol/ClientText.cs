using System.Globalization;
using System.Text;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// Text a client chose (an unknown message type, a close reason) made safe to show in an error
/// message or a log line: cut after <see cref="MaxRunes"/> characters with an ellipsis, and escaped
/// as in a JSON string, so that it can neither grow a message or a log without bound nor start a
/// new log line or rewrite a terminal: control characters (CR, LF, ESC, NUL, C1), invisible format
/// characters (bidi overrides and isolates, zero-width ones), U+2028 and U+2029 become <c>\uXXXX</c>.
/// </summary>
public static class ClientText
{
    /// <summary>How many characters (Unicode scalar values) of the client's text are kept.</summary>
    public const int MaxRunes = 64;

    /// <summary>The text escaped and cut, without quotes. Invalid UTF-8 shows as U+FFFD.</summary>
    public static string Escape(ReadOnlySpan<byte> utf8)
    {
        var text = new StringBuilder();
        var runes = 0;
        while (!utf8.IsEmpty)
        {
            if (runes == MaxRunes)
            {
                text.Append('…');
                break;
            }

            Rune.DecodeFromUtf8(utf8, out var rune, out var consumed);
            Append(text, rune);
            utf8 = utf8[consumed..];
            runes++;
        }

        return text.ToString();
    }

    /// <summary>The text escaped and cut, without quotes. Lone surrogates show as U+FFFD.</summary>
    public static string Escape(string text) => Escape(Encoding.UTF8.GetBytes(text));

    /// <summary>The text escaped, cut and in double quotes, for an error message or a log line.</summary>
    public static string Quote(ReadOnlySpan<byte> utf8) => "\"" + Escape(utf8) + "\"";

    /// <summary>The text escaped, cut and in double quotes, for an error message or a log line.</summary>
    public static string Quote(string text) => "\"" + Escape(text) + "\"";

    private static void Append(StringBuilder text, Rune rune)
    {
        Span<char> units = stackalloc char[2];
        var count = rune.EncodeToUtf16(units);
        if (rune.Value is '"' or '\\')
        {
            text.Append('\\').Append(units[0]);
            return;
        }

        // RFC 8259 §7 escapes; Cc, Cf, Zl, Zp cover CR, LF, ESC, NUL, C1 controls, bidi overrides
        // and isolates (U+202A–202E, U+2066–2069), zero-width characters, U+2028 and U+2029.
        var category = Rune.GetUnicodeCategory(rune);
        if (category is not (UnicodeCategory.Control or UnicodeCategory.Format or UnicodeCategory.LineSeparator or UnicodeCategory.ParagraphSeparator))
        {
            text.Append(units[..count]);
            return;
        }

        for (var i = 0; i < count; i++)
        {
            text.Append("\\u").Append(((int)units[i]).ToString("X4", CultureInfo.InvariantCulture));
        }
    }
}
