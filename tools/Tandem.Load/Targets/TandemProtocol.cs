using System.Buffers;
using System.Globalization;
using Tandem.Load.Messages;

namespace Tandem.Load.Targets;

/// <summary>The Tandem signaling protocol (PROTOCOL.md): join/role/offer/answer/ice/leave/error.</summary>
public sealed class TandemProtocol : ISignalingProtocol
{
    /// <inheritdoc/>
    public bool ServerAssignsRoles => true;

    /// <inheritdoc/>
    public Uri ConnectUri(Uri server, PeerIdentity self) => server;

    /// <inheritdoc/>
    public bool WriteJoin(IBufferWriter<byte> writer, PeerIdentity self)
    {
        // R13: join and leave go to "server"; R12: time is µs since the epoch.
        Envelope(writer, "join"u8, self, "server"u8);
        Utf8Out.Raw(writer, ",\"time\":"u8);
        Utf8Out.Number(writer, Utf8Out.UnixMicroseconds());
        Utf8Out.Raw(writer, "}"u8);
        return true;
    }

    /// <inheritdoc/>
    public bool WriteLeave(IBufferWriter<byte> writer, PeerIdentity self)
    {
        Envelope(writer, "leave"u8, self, "server"u8);
        Utf8Out.Raw(writer, ",\"time\":"u8);
        Utf8Out.Number(writer, Utf8Out.UnixMicroseconds());
        Utf8Out.Raw(writer, "}"u8);
        return true;
    }

    /// <inheritdoc/>
    public void WriteSignal(IBufferWriter<byte> writer, PeerIdentity self, SignalKind kind, int iceIndex, LoadTag tag)
    {
        // R14: offer/answer/ice go to the counterpart with a data object forwarded untouched.
        var type = kind switch
        {
            SignalKind.Offer => "offer"u8,
            SignalKind.Answer => "answer"u8,
            _ => "ice"u8,
        };
        Envelope(writer, type, self, self.PeerIdUtf8);
        Utf8Out.Raw(writer, ",\"data\":"u8);
        SignalData.Write(writer, kind, iceIndex, tag);
        Utf8Out.Raw(writer, ",\"time\":"u8);
        Utf8Out.Number(writer, Utf8Out.UnixMicroseconds());
        Utf8Out.Raw(writer, "}"u8);
    }

    /// <inheritdoc/>
    public IncomingKind Classify(IncomingMessage message) => message.Type switch
    {
        "role" => IncomingKind.Ready,
        "offer" or "answer" or "ice" => IncomingKind.Signal,
        "leave" => IncomingKind.PeerLeft,
        "error" => IncomingKind.Error,
        _ => IncomingKind.Other,
    };

    /// <inheritdoc/>
    public string ErrorKey(IncomingMessage message) =>
        message.ErrorCode is { } code ? code.ToString(CultureInfo.InvariantCulture) : "error";

    /// <inheritdoc/>
    public bool IsRefusedSignal(IncomingMessage message) => message.RequestType is "offer" or "answer" or "ice";

    private static void Envelope(IBufferWriter<byte> writer, ReadOnlySpan<byte> type, PeerIdentity self, ReadOnlySpan<byte> to)
    {
        Utf8Out.Raw(writer, "{\"type\":\""u8);
        Utf8Out.Raw(writer, type);
        Utf8Out.Raw(writer, "\",\"device_id\":\""u8);
        Utf8Out.Raw(writer, self.IdUtf8);
        Utf8Out.Raw(writer, "\",\"from\":\""u8);
        Utf8Out.Raw(writer, self.IdUtf8);
        Utf8Out.Raw(writer, "\",\"to\":\""u8);
        Utf8Out.Raw(writer, to);
        Utf8Out.Raw(writer, "\""u8);
    }
}
