using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>Queues a message for a client; counts toward the server-wide bound (R34).</summary>
    private void Enqueue(SignalingClient client, OutboundMessage message)
    {
        Interlocked.Increment(ref _queued);
        client.AddPending();
        client.Connection.Send(message);
    }

    /// <summary>R31: an error for <paramref name="client"/>, addressed by its id once it has joined.</summary>
    private void SendError(SignalingClient client, ErrorCode code, string message, string? requestType)
    {
        Metrics.Error(code);
        LogErrorSent(client.Id, (int)code, message, requestType);
        Enqueue(client, ServerMessages.Error(client.RecipientId, code, message, requestType, UnixMicros.Now(_time)));
    }

    /// <summary>Closes a client after its queued messages; optionally its room slot is handled as a disconnect (R30).</summary>
    private void Close(SignalingClient client, int closeCode, string reason, bool dropFromRoom)
    {
        client.IsClosed = true;
        client.CancelJoinTimer();
        if (dropFromRoom)
        {
            DropFromRoom(client);
        }

        client.Connection.Close(closeCode, reason);
    }
}
