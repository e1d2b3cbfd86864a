using System.Text;
using System.Text.Json;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// The top-level fields of a client message as read from the wire, before validation. String fields
/// are their unescaped UTF-8 bytes, mostly slices of the message itself: reading a message makes no strings.
/// </summary>
internal ref struct RawFields
{
    private const int TypeField = 1, DeviceIdField = 2, FromField = 4, ToField = 8, TimeField = 16, DataField = 32;

    // Utf8JsonReader's default depth limit, of which the message object itself takes one level.
    private const int MaxDataDepth = 63;

    // What ReadFields returns when it did not stop at a data object.
    private const int Ended = -1, Refused = -2;

    private static readonly JsonReaderState AfterValueInObject = StateAfterValueInObject();

    public bool HasType;
    public ReadOnlySpan<byte> Type;
    public bool HasDeviceId;
    public bool DeviceIdIsString;
    public ReadOnlySpan<byte> DeviceId;
    public bool FromIsString;
    public ReadOnlySpan<byte> From;
    public bool ToIsString;
    public ReadOnlySpan<byte> To;
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
        fields = default;
        error = "";
        var reader = new Utf8JsonReader(json);
        if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
        {
            error = "a message must be one JSON object";
            return false;
        }

        var read = new RawFields { TimeError = "missing field 'time': microseconds since 1970-01-01T00:00:00Z, an integer" };
        var seen = 0;
        var end = read.ReadFields(ref reader, json, 0, ref seen, ref error);
        var ok = end == Ended || (end != Refused && read.ReadAfterData(json, end, ref seen, ref error));
        fields = read;
        return ok;
    }

    /// <summary>
    /// Reads properties until the object ends (<see cref="Ended"/>), a field is refused
    /// (<see cref="Refused"/>, <paramref name="error"/> says why) or a <c>data</c> object, which is
    /// scanned without the reader: then returns where it ends in <paramref name="json"/>.
    /// <paramref name="offset"/> is where the reader's input starts in <paramref name="json"/>.
    /// </summary>
    private int ReadFields(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset, ref int seen, ref string error)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var field = Identify(ref reader);
            reader.Read();
            if (field != 0 && (seen & field) != 0)
            {
                error = "a field appears twice in the message";
                return Refused;
            }

            seen |= field;
            if (field == DataField && reader.TokenType == JsonTokenType.StartObject)
            {
                DataKind = JsonTokenType.StartObject;
                var start = offset + (int)reader.TokenStartIndex;
                if (JsonValueScanner.TryScan(json[start..], MaxDataDepth, out var length))
                {
                    return start + length;
                }

                error = ClientMessageParser.NotJson;
                return Refused;
            }

            Take(field, ref reader, json, offset);
        }

        if (reader.Read())
        {
            error = "a message must be one JSON object";
            return Refused;
        }

        return Ended;
    }

    /// <summary>
    /// After the <c>data</c> object (R12 lists <c>time</c> after it): a reader over the rest of the
    /// message, resumed in <see cref="AfterValueInObject"/>, checks and reads it exactly as a reader
    /// that had read the data object itself would have.
    /// </summary>
    private bool ReadAfterData(ReadOnlySpan<byte> json, int dataEnd, ref int seen, ref string error)
    {
        var reader = new Utf8JsonReader(json[dataEnd..], isFinalBlock: true, AfterValueInObject);

        // A second data object would be a duplicate field, refused before it is scanned.
        return ReadFields(ref reader, json, dataEnd, ref seen, ref error) == Ended;
    }

    /// <summary>
    /// A reader's state just after a property's value inside the top-level object: that of one that
    /// read <c>{"":{}</c> of a block to be continued (the same at depth 1 whatever the value was).
    /// </summary>
    private static JsonReaderState StateAfterValueInObject()
    {
        var reader = new Utf8JsonReader("{\"\":{}"u8, isFinalBlock: false, default);
        while (reader.Read())
        {
        }

        return reader.CurrentState;
    }

    private static int Identify(ref Utf8JsonReader reader) =>
        reader.ValueTextEquals("type"u8) ? TypeField
        : reader.ValueTextEquals("device_id"u8) ? DeviceIdField
        : reader.ValueTextEquals("from"u8) ? FromField
        : reader.ValueTextEquals("to"u8) ? ToField
        : reader.ValueTextEquals("time"u8) ? TimeField
        : reader.ValueTextEquals("data"u8) ? DataField
        : 0;

    private void Take(int field, scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset)
    {
        switch (field)
        {
            case TypeField: HasType = TryString(ref reader, json, offset, out Type); break;
            case DeviceIdField: HasDeviceId = true; DeviceIdIsString = TryString(ref reader, json, offset, out DeviceId); break;
            case FromField: FromIsString = TryString(ref reader, json, offset, out From); break;
            case ToField: ToIsString = TryString(ref reader, json, offset, out To); break;
            case TimeField: TimeError = ReadTime(ref reader, out Time); break;
            case DataField: DataKind = reader.TokenType; reader.Skip(); break;
            default: reader.Skip(); break;
        }
    }

    /// <summary>A string's unescaped UTF-8: a slice of the message unless it holds escapes (rare: then a copy).</summary>
    private static bool TryString(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset, out ReadOnlySpan<byte> value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            reader.Skip();
            value = default;
            return false;
        }

        // The reader's input may be a framed copy (ReadAfterData): slice the message itself, which outlives it.
        value = reader.ValueIsEscaped
            ? Encoding.UTF8.GetBytes(reader.GetString()!)
            : json.Slice(offset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        return true;
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
