using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Clients;

/// <summary>
/// The hub's view of a client socket. Every call is made under the hub's lock, so none may block:
/// the implementation queues and lets its own writer do the I/O.
/// </summary>
public interface ISignalingConnection
{
    /// <summary>
    /// Queues a message; the connection reports it to the hub as delivered or discarded exactly once,
    /// then releases it.
    /// </summary>
    void Send(OutboundMessage message);

    /// <summary>
    /// Sends what is queued, then closes with this WebSocket close code and reason. A peer that does
    /// not take it all within a few seconds is cut off.
    /// </summary>
    void Close(int closeCode, string reason);

    /// <summary>
    /// Drops every message still queued, unsent (each reported as discarded), so that a receiver too
    /// slow to take them holds no memory (R34); a message already being written may still go out.
    /// </summary>
    void DropQueued();
}
