using System.Buffers;
using Tandem.Load.Messages;

namespace Tandem.Load.Targets;

/// <summary>How the load tool speaks to one kind of server: the adapter that keeps the workload the same.</summary>
public interface ISignalingProtocol
{
    /// <summary>True when the server assigns offerer/answerer (Tandem); else the glasses offer.</summary>
    bool ServerAssignsRoles { get; }

    /// <summary>The URI one connection opens.</summary>
    Uri ConnectUri(Uri server, PeerIdentity self);

    /// <summary>Writes the message that enters the pair; false when the protocol has none.</summary>
    bool WriteJoin(IBufferWriter<byte> writer, PeerIdentity self);

    /// <summary>Writes the message that leaves the pair; false when the protocol has none.</summary>
    bool WriteLeave(IBufferWriter<byte> writer, PeerIdentity self);

    /// <summary>Writes an offer, answer or candidate addressed to the peer.</summary>
    void WriteSignal(IBufferWriter<byte> writer, PeerIdentity self, SignalKind kind, int iceIndex, LoadTag tag);

    /// <summary>Classifies a received message.</summary>
    IncomingKind Classify(IncomingMessage message);

    /// <summary>The key under which an error message is counted (e.g. <c>1007</c>, <c>ID-TAKEN</c>).</summary>
    string ErrorKey(IncomingMessage message);

    /// <summary>True when the error says the server refused one of our offer/answer/ice messages.</summary>
    bool IsRefusedSignal(IncomingMessage message);
}
