using System.Buffers;
using System.Text.Unicode;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// Checks that a span starts with one well-formed JSON value (RFC 8259) and finds where it ends,
/// without decoding anything. Used for a relayed message's <c>data</c> object, which the server
/// forwards untouched (R14, R23) but must still refuse when it is not JSON (R2).
/// </summary>
/// <remarks>
/// Why not <see cref="System.Text.Json.Utf8JsonReader.Skip"/>: it checks a string that holds an
/// escape one byte at a time, and every line of an SDP ends in an escaped <c>\r\n</c>. This scanner
/// jumps from one quote, backslash or control character to the next with a vectorised search.
/// </remarks>
internal static class JsonValueScanner
{
    // RFC 8259 §7: in a string, '"' ends it, '\' starts an escape, U+0000–U+001F must be escaped.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        "\0\u0001\u0002\u0003\u0004\u0005\u0006\u0007\b\t\n\u000b\f\r\u000e\u000f\u0010\u0011\u0012\u0013\u0014\u0015\u0016\u0017\u0018\u0019\u001a\u001b\u001c\u001d\u001e\u001f\"\\"u8);

    // RFC 8259 §7: the characters that may follow a backslash, 'u' aside.
    private static readonly SearchValues<byte> SimpleEscapes = SearchValues.Create("\"\\/bfnrt"u8);

    private enum Expect
    {
        Value,
        Key,
        Next,
    }

    /// <summary>
    /// <see cref="JsonScanResult.Valid"/> when <paramref name="json"/> starts with one JSON value nested
    /// at most <paramref name="maxDepth"/> (≤ 64) objects and arrays deep, all of it valid UTF-8;
    /// <paramref name="length"/> is then the value's length in bytes. <see cref="JsonScanResult.TooDeep"/>
    /// as soon as the nesting goes deeper (whatever follows), else <see cref="JsonScanResult.Invalid"/>.
    /// </summary>
    public static JsonScanResult Scan(ReadOnlySpan<byte> json, int maxDepth, out int length)
    {
        length = 0;
        ulong inObject = 0; // bit d set: the container at depth d + 1 is an object, clear: an array
        var depth = 0;
        var at = 0;
        var expect = Expect.Value;
        while (true)
        {
            at = SkipWhitespace(json, at);
            if (at >= json.Length)
            {
                return JsonScanResult.Invalid;
            }

            var c = json[at];
            switch (expect)
            {
                case Expect.Value when c is (byte)'{' or (byte)'[':
                    if (++depth > maxDepth)
                    {
                        return JsonScanResult.TooDeep;
                    }

                    inObject = (inObject << 1) | (c == '{' ? 1UL : 0UL);
                    at = SkipWhitespace(json, at + 1);
                    if (at < json.Length && json[at] == (c == '{' ? '}' : ']'))
                    {
                        depth--;
                        inObject >>= 1;
                        at++;
                        expect = Expect.Next;
                    }
                    else
                    {
                        expect = c == '{' ? Expect.Key : Expect.Value;
                    }

                    break;
                case Expect.Value:
                    if (!TrySkipScalar(json, ref at))
                    {
                        return JsonScanResult.Invalid;
                    }

                    expect = Expect.Next;
                    break;
                case Expect.Key:
                    if (c != '"' || !TrySkipString(json, ref at))
                    {
                        return JsonScanResult.Invalid;
                    }

                    at = SkipWhitespace(json, at);
                    if (at >= json.Length || json[at] != ':')
                    {
                        return JsonScanResult.Invalid;
                    }

                    at++;
                    expect = Expect.Value;
                    break;
                default:
                    var isObject = (inObject & 1) != 0;
                    if (c == ',')
                    {
                        at++;
                        expect = isObject ? Expect.Key : Expect.Value;
                    }
                    else if (c == (isObject ? '}' : ']'))
                    {
                        at++;
                        depth--;
                        inObject >>= 1;
                    }
                    else
                    {
                        return JsonScanResult.Invalid;
                    }

                    break;
            }

            if (expect == Expect.Next && depth == 0)
            {
                length = at;
                return Utf8.IsValid(json[..at]) ? JsonScanResult.Valid : JsonScanResult.Invalid;
            }
        }
    }

    private static int SkipWhitespace(ReadOnlySpan<byte> json, int at)
    {
        // RFC 8259 §2: ws = *( %x20 / %x09 / %x0A / %x0D )
        while (at < json.Length && json[at] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            at++;
        }

        return at;
    }

    private static bool TrySkipScalar(ReadOnlySpan<byte> json, ref int at) => json[at] switch
    {
        (byte)'"' => TrySkipString(json, ref at),
        (byte)'t' => TrySkipLiteral(json, ref at, "true"u8),
        (byte)'f' => TrySkipLiteral(json, ref at, "false"u8),
        (byte)'n' => TrySkipLiteral(json, ref at, "null"u8),
        _ => TrySkipNumber(json, ref at),
    };

    /// <summary>RFC 8259 §7: <paramref name="at"/> is on the opening quote; moves past the closing one.</summary>
    private static bool TrySkipString(ReadOnlySpan<byte> json, ref int at)
    {
        at++;
        while (true)
        {
            // Escapes come in runs (an SDP line ends in \r\n): after one, look at the next byte first.
            if (at >= json.Length || json[at] != '\\')
            {
                var stop = json[at..].IndexOfAny(StringStops);
                if (stop < 0)
                {
                    return false;
                }

                at += stop;
            }

            var c = json[at];
            if (c == '"')
            {
                at++;
                return true;
            }

            if (c != '\\' || at + 1 >= json.Length)
            {
                return false;
            }

            var escape = json[at + 1];
            if (SimpleEscapes.Contains(escape))
            {
                at += 2;
            }
            else if (escape == 'u' && at + 6 <= json.Length && IsHex(json.Slice(at + 2, 4)))
            {
                at += 6;
            }
            else
            {
                return false;
            }
        }
    }

    private static bool IsHex(ReadOnlySpan<byte> digits) =>
        char.IsAsciiHexDigit((char)digits[0]) && char.IsAsciiHexDigit((char)digits[1])
        && char.IsAsciiHexDigit((char)digits[2]) && char.IsAsciiHexDigit((char)digits[3]);

    private static bool TrySkipLiteral(ReadOnlySpan<byte> json, ref int at, ReadOnlySpan<byte> literal)
    {
        if (!json[at..].StartsWith(literal))
        {
            return false;
        }

        at += literal.Length;
        return true;
    }

    /// <summary>RFC 8259 §6: <c>-? (0 | [1-9][0-9]*) (. [0-9]+)? ([eE] [+-]? [0-9]+)?</c>.</summary>
    private static bool TrySkipNumber(ReadOnlySpan<byte> json, ref int at)
    {
        var i = at;
        if (json[i] == '-')
        {
            i++;
        }

        if (i < json.Length && json[i] == '0')
        {
            i++;
        }
        else if (SkipDigits(json, ref i) == 0)
        {
            return false;
        }

        if (i < json.Length && json[i] == '.')
        {
            i++;
            if (SkipDigits(json, ref i) == 0)
            {
                return false;
            }
        }

        if (i < json.Length && json[i] is (byte)'e' or (byte)'E')
        {
            i++;
            if (i < json.Length && json[i] is (byte)'+' or (byte)'-')
            {
                i++;
            }

            if (SkipDigits(json, ref i) == 0)
            {
                return false;
            }
        }

        at = i;
        return true;
    }

    private static int SkipDigits(ReadOnlySpan<byte> json, ref int at)
    {
        var start = at;
        while (at < json.Length && char.IsAsciiDigit((char)json[at]))
        {
            at++;
        }

        return at - start;
    }
}

/// <summary>What <see cref="JsonValueScanner.Scan"/> found.</summary>
internal enum JsonScanResult
{
    /// <summary>One well-formed value.</summary>
    Valid,

    /// <summary>Not JSON, or not valid UTF-8.</summary>
    Invalid,

    /// <summary>Nested deeper than allowed.</summary>
    TooDeep,
}
