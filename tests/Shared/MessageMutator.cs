using System.Text;

namespace Tandem.Testing;

/// <summary>
/// Seeded generator of hostile signaling messages: valid ones for a given uid, then broken the ways
/// an attacker or a buggy client would — bit flips, truncation, inserted and deleted bytes, swapped
/// types and fields, wrong JSON types, duplicated keys, huge and exotic strings, deep nesting, odd
/// numbers. The same seed gives the same sequence (a failing message can be found again). Linked
/// into the signaling unit tests (the parser) and the abuse suite (the server).
/// </summary>
internal sealed class MessageMutator(int seed, string uid, int maxBytes = 60 * 1024)
{
    private static readonly string[] Types = ["join", "leave", "offer", "answer", "ice", "role", "error", "JOIN", "", "ice ", "j\u0000oin"];
    private static readonly string[] Fields = ["type", "device_id", "from", "to", "data", "time"];
    private static readonly string[] Values =
    [
        "null", "true", "false", "0", "-1", "1e-400", "1e400", "1.5", "-0", "9223372036854775808", "\"\"", "[]", "{}",
        "\"glasses_\"", "\"app_a b\"", "\"server\"", "\"\\u0000\"", "\"\\ud800\"", "\"\\u202e\\u2028\\r\\n\\u001b[31m\"",
        "[[[[[[[[[[[[[[[[[[[[]]]]]]]]]]]]]]]]]]]]", "{\"a\":{\"b\":{\"c\":{}}}}", "\"é🙂你\"", "1732442082000000.0", "1.7e15",
    ];

    private readonly Random _random = new(seed);

    /// <summary>Messages made so far.</summary>
    public int Count { get; private set; }

    /// <summary>A valid message for the uid: join, leave, or a relay to the counterpart.</summary>
    public string Valid()
    {
        var glasses = _random.Next(2) == 0;
        var self = (glasses ? "glasses_" : "app_") + uid;
        var peer = (glasses ? "app_" : "glasses_") + uid;
        var type = Types[_random.Next(5)];
        var to = type is "join" or "leave" ? "server" : peer;
        var data = type switch
        {
            "offer" or "answer" => $"{{\"type\":\"{type}\",\"sdp\":\"v=0\\r\\no=- {_random.Next()} 2 IN IP4 127.0.0.1\\r\\ns=-\\r\\n\"}}",
            "ice" => "{\"candidate\":\"candidate:1 1 udp 2122260223 10.0.0.1 50000 typ host\",\"sdpMid\":\"0\",\"sdpMLineIndex\":0}",
            _ => "{}",
        };
        return $"{{\"type\":\"{type}\",\"device_id\":\"{self}\",\"from\":\"{self}\",\"to\":\"{to}\",\"data\":{data},\"time\":1732442082000000}}";
    }

    /// <summary>The next hostile message, as UTF-8 bytes (not always valid UTF-8, not always JSON).</summary>
    public byte[] Next()
    {
        Count++;
        var text = Valid();
        var rounds = 1 + _random.Next(3);
        for (var i = 0; i < rounds; i++)
        {
            text = MutateText(text);
        }

        var bytes = Encoding.UTF8.GetBytes(text);
        return _random.Next(4) == 0 ? MutateBytes(bytes) : bytes;
    }

    // Huge strings and deep nesting cost the most to make and to send: about one message in fifty each.
    private string MutateText(string text) => _random.Next(50) switch
    {
        0 => ReplaceValue(text, Fields[_random.Next(Fields.Length)], Quote(Huge())),
        1 => ReplaceValue(text, Fields[_random.Next(Fields.Length)], Nested(60 + _random.Next(2000))),
        < 8 => ReplaceValue(text, "type", Quote(Types[_random.Next(Types.Length)])),
        < 16 => ReplaceValue(text, Fields[_random.Next(Fields.Length)], Values[_random.Next(Values.Length)]),
        < 22 => SwapValues(text),
        < 28 => Duplicate(text),
        < 34 => ReplaceValue(text, Fields[_random.Next(Fields.Length)], Nested(1 + _random.Next(66))),
        < 40 => ReplaceValue(text, Fields[_random.Next(Fields.Length)], Quote(Exotic())),
        < 45 => Remove(text),
        _ => text.Insert(_random.Next(text.Length), ",\"x" + _random.Next(100) + "\":" + Values[_random.Next(Values.Length)]),
    };

    private byte[] MutateBytes(byte[] bytes)
    {
        switch (_random.Next(4))
        {
            case 0:
                for (var flips = 1 + _random.Next(8); flips > 0 && bytes.Length > 0; flips--)
                {
                    bytes[_random.Next(bytes.Length)] ^= (byte)(1 << _random.Next(8));
                }

                return bytes;
            case 1:
                return bytes[.._random.Next(bytes.Length + 1)];
            case 2:
                var at = _random.Next(bytes.Length + 1);
                return [.. bytes[..at], (byte)_random.Next(256), .. bytes[at..]];
            default:
                var cut = _random.Next(bytes.Length + 1);
                return [.. bytes[..cut], .. bytes[Math.Min(bytes.Length, cut + 1 + _random.Next(8))..]];
        }
    }

    private static string Quote(string s) => "\"" + s.Replace("\\", "\\\\", StringComparison.Ordinal).Replace("\"", "\\\"", StringComparison.Ordinal) + "\"";

    private string Huge() => new((char)('a' + _random.Next(26)), _random.Next(2) == 0 ? 1000 + _random.Next(4000) : maxBytes - 200 - _random.Next(1000));

    private static string Nested(int depth) => new string('[', depth - 1) + "{}" + new string(']', depth - 1);

    /// <summary>Control characters, bidi overrides, line separators, escapes of lone surrogates, emoji.</summary>
    private string Exotic()
    {
        var s = new StringBuilder();
        for (var i = 0; i < 1 + _random.Next(40); i++)
        {
            s.Append(_random.Next(7) switch
            {
                0 => ((char)_random.Next(0x20)).ToString(),
                1 => "\u202e\u2066\u2069\u200f",
                2 => "\u2028\u2029\u0085",
                3 => "\\ud83d",
                4 => "🙂",
                5 => "\u001b]0;pwned\u0007",
                _ => ((char)(0x20 + _random.Next(0x5f))).ToString(),
            });
        }

        return s.ToString().Replace("\"", "", StringComparison.Ordinal);
    }

    /// <summary>Replaces the value after <c>"field":</c> (to the next comma or brace at that level, roughly).</summary>
    private static string ReplaceValue(string text, string field, string value)
    {
        var key = "\"" + field + "\":";
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return text.Insert(1, key + value + ",");
        }

        var start = at + key.Length;
        var end = ValueEnd(text, start);
        return text[..start] + value + text[end..];
    }

    private string SwapValues(string text)
    {
        var a = Fields[_random.Next(Fields.Length)];
        var b = Fields[_random.Next(Fields.Length)];
        var va = ValueOf(text, a);
        var vb = ValueOf(text, b);
        return va is null || vb is null || a == b ? text : ReplaceValue(ReplaceValue(text, a, "\u0001"), b, va).Replace("\u0001", vb, StringComparison.Ordinal);
    }

    private string Duplicate(string text)
    {
        var field = Fields[_random.Next(Fields.Length)];
        return ValueOf(text, field) is { } value ? text.Insert(text.Length - 1, ",\"" + field + "\":" + value) : text;
    }

    private string Remove(string text)
    {
        var field = Fields[_random.Next(Fields.Length)];
        var key = "\"" + field + "\":";
        var at = text.IndexOf(key, StringComparison.Ordinal);
        if (at < 0)
        {
            return text;
        }

        var end = ValueEnd(text, at + key.Length);
        var result = text.Remove(at, end - at);
        return result.Replace(",,", ",", StringComparison.Ordinal).Replace("{,", "{", StringComparison.Ordinal).Replace(",}", "}", StringComparison.Ordinal);
    }

    private static string? ValueOf(string text, string field)
    {
        var key = "\"" + field + "\":";
        var at = text.IndexOf(key, StringComparison.Ordinal);
        return at < 0 ? null : text[(at + key.Length)..ValueEnd(text, at + key.Length)];
    }

    /// <summary>Where the JSON value starting at <paramref name="start"/> ends (brackets and strings balanced).</summary>
    private static int ValueEnd(string text, int start)
    {
        var depth = 0;
        var inString = false;
        for (var i = start; i < text.Length; i++)
        {
            var c = text[i];
            if (inString)
            {
                if (c == '\\')
                {
                    i++;
                }
                else if (c == '"')
                {
                    inString = false;
                }
            }
            else if (c == '"')
            {
                inString = true;
            }
            else if (c is '{' or '[')
            {
                depth++;
            }
            else if (c is '}' or ']')
            {
                if (depth == 0)
                {
                    return i;
                }

                depth--;
            }
            else if (c == ',' && depth == 0)
            {
                return i;
            }
        }

        return text.Length;
    }
}
