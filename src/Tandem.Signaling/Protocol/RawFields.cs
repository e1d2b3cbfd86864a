using System.Text.Json;

namespace Tandem.Signaling.Protocol;

/// <summary>The top-level fields of a client message as read from the wire, before validation.</summary>
internal struct RawFields
{
    public string? Type;
    public bool HasDeviceId;
    public string? DeviceId;
    public string? From;
    public string? To;
    public long Time;
    public string? TimeError;
    public JsonTokenType DataKind;

    /// <summary>
    /// Reads one JSON object's known fields; unknown fields are skipped (R16). Returns false, with a
    /// reason, when the text is not a single JSON object or a known field appears twice.
    /// Throws <see cref="JsonException"/> on malformed JSON (the caller maps it to 1003).
    /// </summary>
    public static bool TryRead(ReadOnlySpan<byte> json, out RawFields fields, out string error)
    {
        fields = new RawFields { TimeError = "missing field 'time': microseconds since 1970-01-01T00:00:00Z, an integer" };
        error = "";
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "a message must be one JSON object";
            return false;
        }

        var seen = 0;
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Identify(ref reader);
            reader.Read();
            if (field != 0 && (seen & field) != 0)
            {
                error = "a field appears twice in the message";
                return false;
            }

            seen |= field;
            fields.Take(field, ref reader);
        }

        if (reader.Read())
        {
            error = "a message must be one JSON object";
            return false;
        }

        return true;
    }

    private static int Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("type"u8) ? 1
        : reader.ValueTextEquals("device_id"u8) ? 2
        : reader.ValueTextEquals("from"u8) ? 4
        : reader.ValueTextEquals("to"u8) ? 8
        : reader.ValueTextEquals("time"u8) ? 16
        : reader.ValueTextEquals("data"u8) ? 32
        : 0;

    private void Take(int field, ref Utf8JsonReader reader)
    {
        switch (field)
        {
            case 1: Type = StringOrNull(ref reader); break;
            case 2: HasDeviceId = true; DeviceId = StringOrNull(ref reader); break;
            case 4: From = StringOrNull(ref reader); break;
            case 8: To = StringOrNull(ref reader); break;
            case 16: TimeError = ReadTime(ref reader, out Time); break;
            case 32: DataKind = reader.TokenType; reader.Skip(); break;
            default: reader.Skip(); break;
        }
    }

    private static string? StringOrNull(ref Utf8JsonReader reader)
    {
        if (reader.TokenType == JsonTokenType.String)
        {
            return reader.GetString();
        }

        reader.Skip();
        return null;
    }

    /// <summary>R12: an integral JSON number within the signed 64-bit range; <c>1.0</c> forms are fine.</summary>
    private static string? ReadTime(ref Utf8JsonReader reader, out long time)
    {
        time = 0;
        const string Expected = "'time' must be an integer number of microseconds since 1970-01-01T00:00:00Z";
        if (reader.TokenType != JsonTokenType.Number)
        {
            reader.Skip();
            return Expected;
        }

        if (reader.TryGetInt64(out time))
        {
            return null;
        }

        if (reader.TryGetDecimal(out var value) && value == decimal.Truncate(value) && value is >= long.MinValue and <= long.MaxValue)
        {
            time = (long)value;
            return null;
        }

        return Expected + " (no fraction, within the 64-bit range)";
    }
}
