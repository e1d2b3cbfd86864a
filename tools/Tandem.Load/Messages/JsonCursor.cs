using System.Buffers;
using System.Buffers.Text;
using System.Text.Unicode;

namespace Tandem.Load.Messages;

/// <summary>
/// A strict, allocation-free forward reader of one JSON text (RFC 8259) for <see cref="MessageReader"/>:
/// strings are found with a vectorised search and checked (escapes §7, no control characters, valid
/// UTF-8 §8.1), numbers follow the §6 grammar, nesting is bounded. It does not unescape; property
/// names are compared as written. Every method returns false on anything that is not JSON.
/// </summary>
internal ref struct JsonCursor
{
    // Deeper than any signaling message; bounds the recursion of SkipValue.
    private const int MaxDepth = 64;

    // RFC 8259 §7: inside a string these end a plain run: the quote, the backslash, and U+0000-U+001F.
    private static readonly SearchValues<byte> StringStops = SearchValues.Create(
        [.. Enumerable.Range(0, 0x20).Select(b => (byte)b), (byte)'"', (byte)'\\']);

    private readonly ReadOnlySpan<byte> _json;
    private int _pos;

    public JsonCursor(ReadOnlySpan<byte> json) => _json = json;

    /// <summary>True when only whitespace is left.</summary>
    public bool AtEnd
    {
        get
        {
            SkipWhitespace();
            return _pos == _json.Length;
        }
    }

    /// <summary>Consumes <paramref name="token"/> (after whitespace) if it comes next.</summary>
    public bool TryConsume(byte token)
    {
        SkipWhitespace();
        if (_pos < _json.Length && _json[_pos] == token)
        {
            _pos++;
            return true;
        }

        return false;
    }

    /// <summary>Where <see cref="TryNextMember"/> is in an object.</summary>
    public enum Members
    {
        /// <summary>Just after the opening brace.</summary>
        First,

        /// <summary>After a member's value.</summary>
        Next,

        /// <summary>The closing brace was read.</summary>
        Closed,

        /// <summary>Not JSON.</summary>
        Invalid,
    }

    /// <summary>
    /// Reads the next member name of an object whose brace was consumed, and its colon; false at the
    /// closing brace (<paramref name="state"/> <see cref="Members.Closed"/>) or on bad input
    /// (<see cref="Members.Invalid"/>). The caller reads or skips the value before the next call.
    /// </summary>
    public bool TryNextMember(ref Members state, out ReadOnlySpan<byte> name)
    {
        name = default;
        if (state is Members.First or Members.Next && TryConsume((byte)'}'))
        {
            state = Members.Closed;
            return false;
        }

        if (state is not (Members.First or Members.Next) || (state == Members.Next && !TryConsume((byte)','))
            || !TryReadString(out name, out _) || !TryConsume((byte)':'))
        {
            state = Members.Invalid;
            return false;
        }

        state = Members.Next;
        return true;
    }

    /// <summary>The next byte after whitespace, or -1 at the end.</summary>
    public int Peek()
    {
        SkipWhitespace();
        return _pos < _json.Length ? _json[_pos] : -1;
    }

    /// <summary>Reads a string; <paramref name="raw"/> is its content as written (escapes kept), <paramref name="quoted"/> includes the quotes.</summary>
    public bool TryReadString(out ReadOnlySpan<byte> raw, out ReadOnlySpan<byte> quoted)
    {
        raw = quoted = default;
        if (!TryConsume((byte)'"'))
        {
            return false;
        }

        var start = _pos;
        var escaped = false;
        while (true)
        {
            var stop = _json[_pos..].IndexOfAny(StringStops);
            if (stop < 0)
            {
                return false;
            }

            _pos += stop;
            var b = _json[_pos];
            if (b == '"')
            {
                break;
            }

            if (b != '\\' || !TrySkipEscape())
            {
                return false;
            }

            escaped = true;
        }

        raw = _json[start.._pos];
        quoted = _json[(start - 1)..(_pos + 1)];
        _pos++;
        // Escapes are ASCII, so the raw bytes are valid UTF-8 exactly when the string is (§8.1).
        return (!escaped && raw.IndexOfAnyExceptInRange((byte)0, (byte)0x7F) < 0) || Utf8.IsValid(raw);
    }

    /// <summary>Reads a number; <paramref name="integer"/> is set when it is an integer that fits an <see cref="long"/>.</summary>
    public bool TryReadNumber(out long? integer)
    {
        integer = null;
        SkipWhitespace();
        var start = _pos;
        Accept((byte)'-');
        if (!Accept((byte)'0') && !AcceptDigits())
        {
            return false;
        }

        var isInteger = true;
        if (Accept((byte)'.'))
        {
            isInteger = false;
            if (!AcceptDigits())
            {
                return false;
            }
        }

        if (Accept((byte)'e') || Accept((byte)'E'))
        {
            isInteger = false;
            if (!Accept((byte)'+'))
            {
                Accept((byte)'-');
            }

            if (!AcceptDigits())
            {
                return false;
            }
        }

        if (isInteger && Utf8Parser.TryParse(_json[start.._pos], out long value, out var used) && used == _pos - start)
        {
            integer = value;
        }

        return true;
    }

    /// <summary>Skips one value of any kind, checking it.</summary>
    public bool TrySkipValue() => TrySkipValue(0);

    private bool TrySkipValue(int depth)
    {
        if (depth > MaxDepth)
        {
            return false;
        }

        switch (Peek())
        {
            case '"':
                return TryReadString(out _, out _);
            case '{':
                _pos++;
                var members = Members.First;
                while (TryNextMember(ref members, out _))
                {
                    if (!TrySkipValue(depth + 1))
                    {
                        return false;
                    }
                }

                return members == Members.Closed;
            case '[':
                _pos++;
                if (TryConsume((byte)']'))
                {
                    return true;
                }

                do
                {
                    if (!TrySkipValue(depth + 1))
                    {
                        return false;
                    }
                }
                while (TryConsume((byte)','));
                return TryConsume((byte)']');
            case 't':
                return TryLiteral("true"u8);
            case 'f':
                return TryLiteral("false"u8);
            case 'n':
                return TryLiteral("null"u8);
            default:
                return TryReadNumber(out _);
        }
    }

    private void SkipWhitespace()
    {
        // RFC 8259 §2: space, tab, line feed, carriage return.
        while (_pos < _json.Length && _json[_pos] is (byte)' ' or (byte)'\t' or (byte)'\n' or (byte)'\r')
        {
            _pos++;
        }
    }

    private bool TryLiteral(ReadOnlySpan<byte> literal)
    {
        if (!_json[_pos..].StartsWith(literal))
        {
            return false;
        }

        _pos += literal.Length;
        return true;
    }

    private bool Accept(byte b)
    {
        if (_pos < _json.Length && _json[_pos] == b)
        {
            _pos++;
            return true;
        }

        return false;
    }

    private bool AcceptDigits()
    {
        var start = _pos;
        while (_pos < _json.Length && char.IsAsciiDigit((char)_json[_pos]))
        {
            _pos++;
        }

        return _pos > start;
    }

    // RFC 8259 §7: \" \\ \/ \b \f \n \r \t or \uXXXX; _pos is at the backslash.
    private bool TrySkipEscape()
    {
        if (_pos + 1 >= _json.Length)
        {
            return false;
        }

        var e = _json[_pos + 1];
        if (e is (byte)'"' or (byte)'\\' or (byte)'/' or (byte)'b' or (byte)'f' or (byte)'n' or (byte)'r' or (byte)'t')
        {
            _pos += 2;
            return true;
        }

        if (e != 'u' || _pos + 6 > _json.Length)
        {
            return false;
        }

        foreach (var h in _json.Slice(_pos + 2, 4))
        {
            if (!char.IsAsciiHexDigit((char)h))
            {
                return false;
            }
        }

        _pos += 6;
        return true;
    }
}
