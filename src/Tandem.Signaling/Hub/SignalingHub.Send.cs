using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

// The only code that changes the server-wide count of queued messages (R34): Enqueue counts a message
// once its receiver is known to be open, Delivered/Discarded uncount it, and CloseClient uncounts
// whatever a closed client still had queued, at once. A client's count and the server-wide one move
// together, so QueuedMessages is always the sum over open clients (CheckInvariants recomputes it).
public sealed partial class SignalingHub
{
    /// <summary>
    /// Queues a message for an open client; counts toward the server-wide bound (R34). A client that
    /// already has <see cref="SignalingOptions.MaxPendingPerReceiver"/> messages waiting does not get
    /// it: it is too slow, and is disconnected when the hub releases its lock.
    /// </summary>
    private void Enqueue(SignalingClient client, OutboundMessage message)
    {
        if (client.IsClosed || client.Pending >= Options.MaxPendingPerReceiver)
        {
            message.Release();
            if (!client.IsClosed && !_tooSlow.Contains(client))
            {
                _tooSlow.Add(client);
            }

            return;
        }

        client.AddPending();
        Interlocked.Increment(ref _queued);
        client.Connection.Send(message);
    }

    /// <summary>A message left a client's queue (sent or dropped): it stops counting unless it already has.</summary>
    private void Uncount(SignalingClient client)
    {
        if (client.RemovePending())
        {
            Interlocked.Decrement(ref _queued);
        }
    }

    /// <summary>R31: an error for <paramref name="client"/>, addressed by its id once it has joined.</summary>
    private void SendError(SignalingClient client, ErrorCode code, string message, string? requestType)
    {
        Metrics.Error(code);
        LogErrorSent(client.Id, (int)code, message, requestType);
        Enqueue(client, ServerMessages.Error(client.RecipientId, code, message, requestType, UnixMicros.Now(_time)));
    }

    /// <summary>
    /// Closes a client after its queued messages; optionally its room slot is handled as a disconnect
    /// (R30). From here on nothing more is queued for it and what it still has queued no longer counts.
    /// </summary>
    private void Close(SignalingClient client, int closeCode, string reason, bool dropFromRoom)
    {
        CloseClient(client);
        if (dropFromRoom)
        {
            DropFromRoom(client);
        }

        client.Connection.Close(closeCode, reason);
    }

    /// <summary>Marks a client closed; its queued messages stop counting server-wide at once.</summary>
    private void CloseClient(SignalingClient client) => Interlocked.Add(ref _queued, -client.Close());

    /// <summary>
    /// R34: a receiver too slow to take its messages is disconnected (close 1008, then R30); its queue
    /// is dropped, so that it holds neither a share of the server-wide bound nor memory.
    /// </summary>
    private void DisconnectTooSlow(SignalingClient receiver)
    {
        LogSlowReceiver(receiver.Id, receiver.Pending);
        CloseClient(receiver);
        receiver.Connection.DropQueued();
        Close(receiver, CloseCodes.PolicyViolation, "receiver too slow", dropFromRoom: true);
    }

    /// <summary>Disconnects the receivers <see cref="Enqueue"/> found too slow, once the operation that found them is done.</summary>
    private void DisconnectTooSlowReceivers()
    {
        // Deferred to the end of the hub operation: disconnecting changes rooms (R30), which the
        // operation that queued the message may still be working on.
        for (var i = 0; i < _tooSlow.Count; i++)
        {
            if (!_tooSlow[i].IsClosed)
            {
                DisconnectTooSlow(_tooSlow[i]);
            }
        }

        _tooSlow.Clear();
    }
}
