using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Clients;

/// <summary>
/// The hub's view of a client socket. Both calls are made under the hub's lock, so they must not
/// block: the implementation queues and lets its own writer do the I/O.
/// </summary>
public interface ISignalingConnection
{
    /// <summary>Queues a message; the connection releases it after sending or when it is closed.</summary>
    void Send(OutboundMessage message);

    /// <summary>Sends what is queued, then closes with this WebSocket close code and reason.</summary>
    void Close(int closeCode, string reason);
}
