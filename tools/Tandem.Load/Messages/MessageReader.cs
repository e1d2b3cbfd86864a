using System.Text.Json;

namespace Tandem.Load.Messages;

/// <summary>
/// Reads a received JSON message: its <c>type</c> and, in its <c>data</c> (Tandem, relay) or
/// <c>payload</c> (PeerJS) object, the load tag, error code, request type and role. Never throws:
/// anything that is not one JSON object (RFC 8259) gives false. Allocation-free for known type strings.
/// </summary>
public static class MessageReader
{
    private static readonly (byte[] Utf8, string Text)[] KnownTypes =
        [.. new[]
        {
            "offer", "answer", "ice", "role", "error", "leave", "join", "paired",
            "OPEN", "OFFER", "ANSWER", "CANDIDATE", "LEAVE", "EXPIRE", "ERROR", "ID-TAKEN", "HEARTBEAT",
            "offerer", "answerer",
        }.Select(t => (System.Text.Encoding.UTF8.GetBytes(t), t))];

    /// <summary>Reads <paramref name="json"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out IncomingMessage message)
    {
        message = default;
        var cursor = new JsonCursor(json);
        if (!cursor.TryConsume((byte)'{'))
        {
            return false;
        }

        string? type = null;
        var inner = default(InnerFields);
        var members = JsonCursor.Members.First;
        while (cursor.TryNextMember(ref members, out var name))
        {
            var ok = name.SequenceEqual("type"u8) ? TryReadText(ref cursor, out type)
                : (name.SequenceEqual("data"u8) || name.SequenceEqual("payload"u8)) && cursor.Peek() == '{' ? TryReadInner(ref cursor, ref inner)
                : cursor.TrySkipValue();
            if (!ok)
            {
                return false;
            }
        }

        if (members != JsonCursor.Members.Closed || !cursor.AtEnd)
        {
            return false;
        }

        message = new IncomingMessage
        {
            Type = type,
            Tag = inner.Tag,
            ErrorCode = inner.ErrorCode,
            RequestType = inner.RequestType,
            Role = inner.Role,
        };
        return true;
    }

    private static bool TryReadInner(ref JsonCursor cursor, ref InnerFields inner)
    {
        cursor.TryConsume((byte)'{');
        long? pair = null, side = null, seq = null, ts = null;
        var members = JsonCursor.Members.First;
        while (cursor.TryNextMember(ref members, out var name))
        {
            var ok = name.SequenceEqual("lt_pair"u8) ? TryReadLong(ref cursor, out pair)
                : name.SequenceEqual("lt_side"u8) ? TryReadLong(ref cursor, out side)
                : name.SequenceEqual("lt_seq"u8) ? TryReadLong(ref cursor, out seq)
                : name.SequenceEqual("lt_ts"u8) ? TryReadLong(ref cursor, out ts)
                : name.SequenceEqual("error_code"u8) ? TryReadLong(ref cursor, out inner.ErrorCode)
                : name.SequenceEqual("request_type"u8) ? TryReadText(ref cursor, out inner.RequestType)
                : name.SequenceEqual("role"u8) ? TryReadText(ref cursor, out inner.Role)
                : cursor.TrySkipValue();
            if (!ok)
            {
                return false;
            }
        }

        if (members != JsonCursor.Members.Closed)
        {
            return false;
        }

        if (pair is { } p && side is { } s && seq is { } q && ts is { } t && p is >= int.MinValue and <= int.MaxValue
            && s is >= int.MinValue and <= int.MaxValue)
        {
            inner.Tag = new LoadTag((int)p, (int)s, q, t);
        }

        return true;
    }

    // A number that is an integer within Int64 gives its value; any other value is checked and gives null.
    private static bool TryReadLong(ref JsonCursor cursor, out long? value)
    {
        value = null;
        var next = cursor.Peek();
        return next == '-' || char.IsAsciiDigit((char)next) ? cursor.TryReadNumber(out value) : cursor.TrySkipValue();
    }

    // A string gives its text (interned when known); any other value is checked and gives null.
    private static bool TryReadText(ref JsonCursor cursor, out string? text)
    {
        text = null;
        if (cursor.Peek() != '"')
        {
            return cursor.TrySkipValue();
        }

        if (!cursor.TryReadString(out var raw, out var quoted))
        {
            return false;
        }

        foreach (var (utf8, known) in KnownTypes)
        {
            if (raw.SequenceEqual(utf8))
            {
                text = known;
                return true;
            }
        }

        try
        {
            // Rare: a type nobody sends; unescaping it is left to System.Text.Json.
            var reader = new Utf8JsonReader(quoted);
            reader.Read();
            text = reader.GetString();
            return true;
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            return false;
        }
    }

    private struct InnerFields
    {
        public LoadTag? Tag;
        public long? ErrorCode;
        public string? RequestType;
        public string? Role;
    }
}
