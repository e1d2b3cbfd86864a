using System.Text.Json;
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

        bool scanned = JsonValueScanner.TryScan(input, DataDepth, out int length);
        bool read = TryReadOneValue(input, DataDepth, out int consumed);
        Check(scanned == read, $"JsonValueScanner says {scanned}, Utf8JsonReader says {read}");
        Check(!scanned || length == consumed, $"JsonValueScanner ends the value at {length}, Utf8JsonReader at {consumed}");
    }

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
