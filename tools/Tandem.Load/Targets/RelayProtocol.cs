using System.Buffers;
using Tandem.Load.Messages;

namespace Tandem.Load.Targets;

/// <summary>
/// The relay baseline: the first frame names the pair key, the relay answers <c>{"type":"paired"}</c>
/// to both once the partner is there, then forwards every frame verbatim. Signals are byte for byte
/// the Tandem messages, so both servers carry the same bytes.
/// </summary>
public sealed class RelayProtocol : ISignalingProtocol
{
    private readonly TandemProtocol _tandem = new();

    /// <inheritdoc/>
    public bool ServerAssignsRoles => false;

    /// <inheritdoc/>
    public Uri ConnectUri(Uri server, PeerIdentity self) => server;

    /// <inheritdoc/>
    public bool WriteJoin(IBufferWriter<byte> writer, PeerIdentity self)
    {
        Utf8Out.Raw(writer, "{\"pair\":\""u8);
        Utf8Out.Raw(writer, self.PairKeyUtf8);
        Utf8Out.Raw(writer, "\"}"u8);
        return true;
    }

    /// <inheritdoc/>
    public bool WriteLeave(IBufferWriter<byte> writer, PeerIdentity self) => false;

    /// <inheritdoc/>
    public void WriteSignal(IBufferWriter<byte> writer, PeerIdentity self, SignalKind kind, int iceIndex, LoadTag tag) =>
        _tandem.WriteSignal(writer, self, kind, iceIndex, tag);

    /// <inheritdoc/>
    public IncomingKind Classify(IncomingMessage message) => message.Type switch
    {
        "paired" => IncomingKind.Ready,
        "offer" or "answer" or "ice" => IncomingKind.Signal,
        _ => IncomingKind.Other,
    };

    /// <inheritdoc/>
    public string ErrorKey(IncomingMessage message) => message.Type ?? "error";

    /// <inheritdoc/>
    public bool IsRefusedSignal(IncomingMessage message) => false;
}
