using System.Text.Json;

namespace Tandem.Signaling.Protocol;

/// <summary>
/// Validates one client message (PROTOCOL.md R2, R10–R14, R16) in a single pass over its UTF-8 JSON.
/// Format is checked before any state (R14); never throws on network input.
/// </summary>
public static class ClientMessageParser
{
    private const string ExpectedTypes = "expected join, leave, offer, answer or ice";

    /// <summary>Parses and validates <paramref name="utf8Json"/>; on failure <paramref name="error"/> says why.</summary>
    public static bool TryParse(ReadOnlySpan<byte> utf8Json, out ClientMessage message, out MessageError error)
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
            error = new MessageError(ErrorCode.BadMessage, "the message is not valid UTF-8 JSON: send one JSON object per text frame", null);
            return false;
        }

        return Validate(fields, out message, out error);
    }

    private static bool Validate(in RawFields f, out ClientMessage message, out MessageError error)
    {
        message = default;
        if (f.Type is null)
        {
            return Fail(out error, ErrorCode.BadMessage, "missing string field 'type': " + ExpectedTypes, null);
        }

        var type = MessageTypes.FromWire(f.Type);
        if (type == MessageType.Unknown)
        {
            return Fail(out error, ErrorCode.BadMessage, $"unknown type '{f.Type}': {ExpectedTypes}", f.Type);
        }

        if (!f.HasDeviceId)
        {
            return Fail(out error, ErrorCode.BadMessage, "missing field 'device_id'", f.Type);
        }

        if (f.DeviceId is null || !DeviceId.TryParse(f.DeviceId, out var deviceId))
        {
            return Fail(out error, ErrorCode.BadDeviceId, "device_id must be glasses_<uid> or app_<uid>, uid 1-64 characters of A-Z a-z 0-9 _ . : -", f.Type);
        }

        if (f.From != f.DeviceId)
        {
            return Fail(out error, ErrorCode.BadMessage, "'from' must equal 'device_id'", f.Type);
        }

        if (f.TimeError is { } timeError)
        {
            return Fail(out error, ErrorCode.BadMessage, timeError, f.Type);
        }

        if (!ValidateTarget(type, deviceId, f, out error))
        {
            return false;
        }

        message = new ClientMessage(type, deviceId, f.Time);
        return true;
    }

    private static bool ValidateTarget(MessageType type, DeviceId sender, in RawFields f, out MessageError error)
    {
        if (!type.IsRelayed())
        {
            error = default;
            return f.To == "server" || Fail(out error, ErrorCode.BadMessage, $"'to' of a {type.WireName()} message must be \"server\"", f.Type);
        }

        var counterpart = sender.Kind == DeviceKind.Glasses ? "app_" : "glasses_";
        if (f.To is null || !DeviceId.TryParse(f.To, out var to) || !to.IsCounterpartOf(sender))
        {
            return Fail(out error, ErrorCode.BadMessage, $"'to' of a {type.WireName()} message must be your counterpart's id ({counterpart}<your uid>)", f.Type);
        }

        if (f.DataKind != JsonTokenType.StartObject)
        {
            return Fail(out error, ErrorCode.BadMessage, $"a {type.WireName()} message needs a 'data' object", f.Type);
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
