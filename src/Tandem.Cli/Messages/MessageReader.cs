using System.Text.Json;

namespace Tandem.Cli.Messages;

/// <summary>
/// Reads a received JSON message: its <c>type</c> and, in its <c>data</c> (Tandem, relay) or
/// <c>payload</c> (PeerJS) object, the load tag, error code, request type and role. Never throws:
/// anything that is not a JSON object gives false.
/// </summary>
public static class MessageReader
{
    private static readonly string[] KnownTypes =
        ["offer", "answer", "ice", "role", "error", "leave", "join", "paired",
         "OPEN", "OFFER", "ANSWER", "CANDIDATE", "LEAVE", "EXPIRE", "ERROR", "ID-TAKEN", "HEARTBEAT",
         "offerer", "answerer"];

    /// <summary>Reads <paramref name="json"/>.</summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out IncomingMessage message)
    {
        message = default;
        try
        {
            var reader = new Utf8JsonReader(json);
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                return false;
            }

            string? type = null;
            var inner = new InnerFields();
            while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
            {
                if (reader.ValueTextEquals("type"u8))
                {
                    reader.Read();
                    type = reader.TokenType == JsonTokenType.String ? Intern(ref reader) : null;
                }
                else if (reader.ValueTextEquals("data"u8) || reader.ValueTextEquals("payload"u8))
                {
                    reader.Read();
                    if (reader.TokenType == JsonTokenType.StartObject)
                    {
                        ReadInner(ref reader, ref inner);
                    }
                    else
                    {
                        reader.Skip();
                    }
                }
                else
                {
                    reader.Read();
                    reader.Skip();
                }
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
        catch (JsonException)
        {
            return false;
        }
    }

    private static void ReadInner(ref Utf8JsonReader reader, ref InnerFields inner)
    {
        long? pair = null, side = null, seq = null, ts = null;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            if (reader.ValueTextEquals("lt_pair"u8))
            {
                pair = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("lt_side"u8))
            {
                side = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("lt_seq"u8))
            {
                seq = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("lt_ts"u8))
            {
                ts = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("error_code"u8))
            {
                inner.ErrorCode = ReadLong(ref reader);
            }
            else if (reader.ValueTextEquals("request_type"u8))
            {
                reader.Read();
                inner.RequestType = reader.TokenType == JsonTokenType.String ? Intern(ref reader) : null;
            }
            else if (reader.ValueTextEquals("role"u8))
            {
                reader.Read();
                inner.Role = reader.TokenType == JsonTokenType.String ? Intern(ref reader) : null;
            }
            else
            {
                reader.Read();
                reader.Skip();
            }
        }

        if (pair is { } p && side is { } s && seq is { } q && ts is { } t && p is >= int.MinValue and <= int.MaxValue
            && s is >= int.MinValue and <= int.MaxValue)
        {
            inner.Tag = new LoadTag((int)p, (int)s, q, t);
        }
    }

    private static long? ReadLong(ref Utf8JsonReader reader)
    {
        reader.Read();
        if (reader.TokenType == JsonTokenType.Number && reader.TryGetInt64(out var value))
        {
            return value;
        }

        reader.Skip();
        return null;
    }

    private static string? Intern(ref Utf8JsonReader reader)
    {
        foreach (var known in KnownTypes)
        {
            if (reader.ValueTextEquals(known))
            {
                return known;
            }
        }

        return reader.GetString();
    }

    private struct InnerFields
    {
        public LoadTag? Tag;
        public long? ErrorCode;
        public string? RequestType;
        public string? Role;
    }
}
