using System.Text.Json;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// Validates one client message (PROTOCOL.md R2, R10–R14, R16) in a single pass over its UTF-8 JSON.
/// Format is checked before any state (R14); never throws on network input.
/// </summary>
public static class ClientMessageParser
{
    /// <summary>Why text that is not one JSON object is refused (R2).</summary>
    internal const string NotJson = "the message is not valid UTF-8 JSON: send one JSON object per text frame";

    private const string ExpectedTypes = "expected join, leave, offer, answer, ice or restart";

    /// <summary>Parses and validates <paramref name="utf8Json"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out ClientMessage message, out MessageError error) =>
        TryParse(utf8Json, null, out message, out error);

    /// <summary>
    /// Parses and validates <paramref name="utf8Json"/>, parsing its device ids through the sending
    /// connection's <paramref name="ids"/> cache (no new strings when they are the ones sent last).
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, DeviceIdCache? ids, out ClientMessage message, out MessageError error)
    {
        message = default;
        RawFields fields;
        try
        {
            if (!RawFields.TryRead(utf8Json, out fields, out var formatError))
            {
                error = new MessageError(ErrorCode.BadMessage, formatError, null);
                return false;
            }
        }
        catch (Exception e) when (e is JsonException or InvalidOperationException)
        {
            // Malformed JSON, or a string that is not valid UTF-8.
            error = new MessageError(ErrorCode.BadMessage, NotJson, null);
            return false;
        }

        return Validate(fields, ids, out message, out error);
    }

    private static bool Validate(scoped in RawFields f, DeviceIdCache? ids, out ClientMessage message, out MessageError error)
    {
        message = default;
        if (!f.HasType)
        {
            return Fail(out error, ErrorCode.BadMessage, "missing string field 'type': " + ExpectedTypes, null);
        }

        var type = MessageTypes.FromWire(f.Type);
        if (type == MessageType.Unknown)
        {
            // The client's text, escaped and cut (ClientText): it goes into the error and the log.
            var name = ClientText.Escape(f.Type);
            return Fail(out error, ErrorCode.BadMessage, $"unknown type \"{name}\": {ExpectedTypes}", name);
        }

        var typeName = type.WireName();
        if (!f.HasDeviceId)
        {
            return Fail(out error, ErrorCode.BadMessage, "missing field 'device_id'", typeName);
        }

        DeviceId deviceId;
        if (!f.DeviceIdIsString || !(ids?.TryParseSender(f.DeviceId, out deviceId) ?? DeviceIdCache.TryParseUncached(f.DeviceId, out deviceId)))
        {
            return Fail(out error, ErrorCode.BadDeviceId, "device_id must be glasses_<uid> or app_<uid>, uid 1-64 characters of A-Z a-z 0-9 _ . : -", typeName);
        }

        if (!f.FromIsString || !f.From.SequenceEqual(f.DeviceId))
        {
            return Fail(out error, ErrorCode.BadMessage, "'from' must equal 'device_id'", typeName);
        }

        if (f.TimeError is { } timeError)
        {
            return Fail(out error, ErrorCode.BadMessage, timeError, typeName);
        }

        if (!ValidateTarget(type, deviceId, f, ids, out error))
        {
            return false;
        }

        message = new ClientMessage(type, deviceId, f.Time);
        return true;
    }

    private static bool ValidateTarget(MessageType type, DeviceId sender, scoped in RawFields f, DeviceIdCache? ids, out MessageError error)
    {
        var typeName = type.WireName();
        if (!type.IsRelayed())
        {
            error = default;
            return (f.ToIsString && f.To.SequenceEqual("server"u8)) || Fail(out error, ErrorCode.BadMessage, $"'to' of a {typeName} message must be \"server\"", typeName);
        }

        var counterpart = sender.Kind == DeviceKind.Glasses ? "app_" : "glasses_";
        DeviceId to = default;
        if (!f.ToIsString || !(ids?.TryParseTarget(f.To, out to) ?? DeviceIdCache.TryParseUncached(f.To, out to)) || !to.IsCounterpartOf(sender))
        {
            return Fail(out error, ErrorCode.BadMessage, $"'to' of a {typeName} message must be your counterpart's id ({counterpart}<your uid>)", typeName);
        }

        if (f.DataKind != JsonTokenType.StartObject)
        {
            return Fail(out error, ErrorCode.BadMessage, $"a {typeName} message needs a 'data' object", typeName);
        }

        error = default;
        return true;
    }

    private static bool Fail(out MessageError error, ErrorCode code, string message, string? requestType)
    {
        error = new MessageError(code, message, requestType);
        return false;
    }
}
