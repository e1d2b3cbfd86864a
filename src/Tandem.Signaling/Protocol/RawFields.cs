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

    /// <summary>
    /// How deep a message may nest objects and arrays, the message object itself being the first level.
    /// (Utf8JsonReader's default; our scanner, which checks every nested value, holds up to 64.)
    /// </summary>
    public const int MaxDepth = 64;

    private const string TimeExpected = "'time' must be an integer number of microseconds since 1970-01-01T00:00:00Z";

    // What ReadFields returns when it did not stop at a nested value.
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

    /// <summary>Why a message nested too deep is refused (R2).</summary>
    internal static string TooDeep => $"the message is nested deeper than {MaxDepth} levels of objects and arrays (the message itself is one): send a flatter message";

    /// <summary>
    /// Reads one JSON object's known fields; unknown fields are skipped (R16). Returns false, with a
    /// reason, when the text is not a single JSON object, nests deeper than <see cref="MaxDepth"/> or
    /// a known field appears twice. Throws <see cref="JsonException"/> on malformed JSON (the caller
    /// maps it to 1003).
    /// </summary>
    /// <remarks>
    /// The reader reads the top-level object only: every object or array value in it (<c>data</c>
    /// above all, forwarded untouched, R23) is checked by <see cref="JsonValueScanner"/>, which is
    /// faster on SDP and tells a value nested too deep from one that is not JSON; a new reader then
    /// resumes after it.
    /// </remarks>
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
        var offset = 0;
        while (true)
        {
            var start = read.ReadFields(ref reader, json, offset, ref seen, out var field, ref error);
            if (start < 0)
            {
                fields = read;
                return start == Ended;
            }

            switch (JsonValueScanner.Scan(json[start..], MaxDepth - 1, out var length))
            {
                case JsonScanResult.TooDeep:
                    error = TooDeep;
                    return false;
                case JsonScanResult.Invalid:
                    error = ClientMessageParser.NotJson;
                    return false;
            }

            read.TakeNested(field, json[start] == '{' ? JsonTokenType.StartObject : JsonTokenType.StartArray);
            offset = start + length;
            reader = new Utf8JsonReader(json[offset..], isFinalBlock: true, AfterValueInObject);
        }
    }

    /// <summary>
    /// Reads properties until the object ends (<see cref="Ended"/>), a field is refused
    /// (<see cref="Refused"/>, <paramref name="error"/> says why) or a value is an object or an array:
    /// then returns where that value starts in <paramref name="json"/>, and its <paramref name="field"/>.
    /// <paramref name="offset"/> is where the reader's input starts in <paramref name="json"/>.
    /// </summary>
    private int ReadFields(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset, ref int seen, out int field, ref string error)
    {
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            field = Identify(ref reader);
            reader.Read();
            if (field != 0 && (seen & field) != 0)
            {
                // Refused before a second value is scanned.
                error = "a field appears twice in the message";
                return Refused;
            }

            seen |= field;
            if (reader.TokenType is JsonTokenType.StartObject or JsonTokenType.StartArray)
            {
                return offset + (int)reader.TokenStartIndex;
            }

            Take(field, ref reader, json, offset);
        }

        field = 0;
        if (reader.Read())
        {
            error = "a message must be one JSON object";
            return Refused;
        }

        return Ended;
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

    /// <summary>A known field whose value is an object or an array: only <c>data</c> may be one (R14).</summary>
    private void TakeNested(int field, JsonTokenType kind)
    {
        switch (field)
        {
            case TypeField: HasType = false; break;
            case DeviceIdField: HasDeviceId = true; DeviceIdIsString = false; break;
            case FromField: FromIsString = false; break;
            case ToField: ToIsString = false; break;
            case TimeField: TimeError = TimeExpected; break;
            case DataField: DataKind = kind; break;
        }
    }

    private void Take(int field, scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset)
    {
        switch (field)
        {
            case TypeField: HasType = TryString(ref reader, json, offset, out Type); break;
            case DeviceIdField: HasDeviceId = true; DeviceIdIsString = TryString(ref reader, json, offset, out DeviceId); break;
            case FromField: FromIsString = TryString(ref reader, json, offset, out From); break;
            case ToField: ToIsString = TryString(ref reader, json, offset, out To); break;
            case TimeField: TimeError = ReadTime(ref reader, out Time); break;
            case DataField: DataKind = reader.TokenType; break;
        }
    }

    /// <summary>A string's unescaped UTF-8: a slice of the message unless it holds escapes (rare: then a copy).</summary>
    private static bool TryString(scoped ref Utf8JsonReader reader, ReadOnlySpan<byte> json, int offset, out ReadOnlySpan<byte> value)
    {
        if (reader.TokenType != JsonTokenType.String)
        {
            value = default;
            return false;
        }

        // The reader may have resumed after a nested value (TryRead): slice the message itself, which outlives its input.
        value = reader.ValueIsEscaped
            ? Encoding.UTF8.GetBytes(reader.GetString()!)
            : json.Slice(offset + (int)reader.TokenStartIndex + 1, reader.ValueSpan.Length);
        return true;
    }

    /// <summary>R12: a JSON number whose value is an integer within the signed 64-bit range, however spelt.</summary>
    private static string? ReadTime(ref Utf8JsonReader reader, out long time)
    {
        time = 0;
        if (reader.TokenType != JsonTokenType.Number)
        {
            return TimeExpected;
        }

        return JsonInteger.TryRead(reader.ValueSpan, out time) ? null : TimeExpected + " (no fraction, within the 64-bit range)";
    }
}
