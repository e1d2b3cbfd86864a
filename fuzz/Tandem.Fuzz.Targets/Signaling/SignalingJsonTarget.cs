using System.Text.Json;
using System.Text.Unicode;
using Tandem.Signaling.Protocol;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Signaling;

/// <summary>
/// The server's parser of client messages (PROTOCOL.md R2, R10–R16) on one WebSocket text frame, and the
/// scanner that checks a relayed <c>data</c> value, against System.Text.Json as the reference.
/// </summary>
public sealed class SignalingJsonTarget : IFuzzTarget
{
    // RawFields' limit for the data value: Utf8JsonReader's default depth less the message object.
    private const int DataDepth = 63;

    public string Name => "signaling-json";

    public void Run(ReadOnlySpan<byte> input)
    {
        bool plain = ClientMessageParser.TryParse(input, out var message, out var error);
        Check(plain || error.Message.Length > 0, "a refused message has no error text");

        // A connection's cache must not change any verdict: first parse fills it, the second reads it.
        var ids = new DeviceIdCache();
        for (var pass = 0; pass < 2; pass++)
        {
            bool cached = ClientMessageParser.TryParse(input, ids, out var cachedMessage, out var cachedError);
            Check(cached == plain && cachedMessage == message && cachedError == error, "the device-id cache changed the verdict");
        }

        // The scanner finds where the data value ends and its caller then wants ',' or '}': compare the
        // two only where the value is followed by a delimiter (or nothing). JSON is UTF-8 (RFC 8259 §8.1),
        // which Utf8JsonReader does not check while skipping, so the reference checks it too.
        bool scanned = JsonValueScanner.Scan(input, DataDepth, out int length) == JsonScanResult.Valid && EndsAtDelimiter(input, length);
        bool read = TryReadOneValue(input, DataDepth, out int consumed) && EndsAtDelimiter(input, consumed) && Utf8.IsValid(input[..consumed]);
        Check(!scanned || (read && length == consumed), $"JsonValueScanner accepts {length} bytes, Utf8JsonReader says {read} ({consumed})");
        Check(!read || (scanned && length == consumed), $"Utf8JsonReader accepts {consumed} bytes, JsonValueScanner says {scanned} ({length})");
    }

    private static bool EndsAtDelimiter(ReadOnlySpan<byte> json, int end) =>
        end == json.Length || json[end] is (byte)' ' or (byte)'\t' or (byte)'\r' or (byte)'\n' or (byte)',' or (byte)'}' or (byte)']';

    /// <summary>Whether the input starts with one well-formed JSON value at most <paramref name="maxDepth"/> deep, and where it ends.</summary>
    private static bool TryReadOneValue(ReadOnlySpan<byte> json, int maxDepth, out int consumed)
    {
        consumed = 0;
        var reader = new Utf8JsonReader(json, isFinalBlock: true, new JsonReaderState(new JsonReaderOptions { MaxDepth = maxDepth }));
        try
        {
            if (!reader.Read())
            {
                return false;
            }

            reader.Skip();
            consumed = (int)reader.BytesConsumed;
            return true;
        }
        catch (JsonException)
        {
            return false;
        }
    }
}
