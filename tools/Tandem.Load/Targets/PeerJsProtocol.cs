using System.Buffers;
using Tandem.Load.Messages;

namespace Tandem.Load.Targets;

/// <summary>
/// The PeerJS server protocol (npm <c>peer</c> 1.x): connect to <c>/peerjs?key=peerjs&amp;id=ID&amp;token=T</c>,
/// the server answers <c>OPEN</c>; <c>{"type":"OFFER"|"ANSWER"|"CANDIDATE","dst":PEER,"payload":{..}}</c>
/// is forwarded to PEER with <c>src</c> added. There are no rooms: OPEN on both connections means paired.
/// </summary>
public sealed class PeerJsProtocol : ISignalingProtocol
{
    /// <inheritdoc/>
    public bool ServerAssignsRoles => false;

    /// <inheritdoc/>
    public Uri ConnectUri(Uri server, PeerIdentity self)
    {
        var basePath = server.AbsolutePath.EndsWith('/') ? server.AbsolutePath : server.AbsolutePath + "/";
        var builder = new UriBuilder(server)
        {
            Path = basePath + "peerjs",
            Query = $"key=peerjs&id={self.Id}&token=t{self.Pair}x{self.Side}",
        };
        return builder.Uri;
    }

    /// <inheritdoc/>
    public bool WriteJoin(IBufferWriter<byte> writer, PeerIdentity self) => false;

    /// <inheritdoc/>
    public bool WriteLeave(IBufferWriter<byte> writer, PeerIdentity self) => false;

    /// <inheritdoc/>
    public void WriteSignal(IBufferWriter<byte> writer, PeerIdentity self, SignalKind kind, int iceIndex, LoadTag tag)
    {
        Utf8Out.Raw(writer, kind switch
        {
            SignalKind.Offer => "{\"type\":\"OFFER\",\"dst\":\""u8,
            SignalKind.Answer => "{\"type\":\"ANSWER\",\"dst\":\""u8,
            _ => "{\"type\":\"CANDIDATE\",\"dst\":\""u8,
        });
        Utf8Out.Raw(writer, self.PeerIdUtf8);
        Utf8Out.Raw(writer, "\",\"payload\":"u8);
        SignalData.Write(writer, kind, iceIndex, tag);
        Utf8Out.Raw(writer, "}"u8);
    }

    /// <inheritdoc/>
    public IncomingKind Classify(IncomingMessage message) => message.Type switch
    {
        "OPEN" => IncomingKind.Ready,
        "OFFER" or "ANSWER" or "CANDIDATE" => IncomingKind.Signal,
        "LEAVE" => IncomingKind.PeerLeft,
        "ERROR" or "ID-TAKEN" or "EXPIRE" => IncomingKind.Error,
        _ => IncomingKind.Other,
    };

    /// <inheritdoc/>
    public string ErrorKey(IncomingMessage message) => message.Type ?? "ERROR";

    /// <inheritdoc/>
    public bool IsRefusedSignal(IncomingMessage message) => message.Type == "EXPIRE";
}
