using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>R22–R24, R34: offer, answer and ice go to the peer, in order, with room_id and server_time added.</summary>
    private void Relay(SignalingClient client, MessageType type, ReadOnlySpan<byte> original, long receivedAt)
    {
        var typeName = type.WireName();
        if (client.Room is not { } room)
        {
            SendError(client, ErrorCode.RoomNotFound, "you are in no room: join first", typeName);
            return;
        }

        var peer = room.Other(client.Identity!.Value.Kind);
        if (peer?.Client is { } slow && slow.Pending >= Options.MaxPendingPerReceiver)
        {
            DisconnectTooSlow(slow);
        }

        if (peer?.Client is { } target && QueuedMessages >= Options.MessageQueueSize && !MakeRoom(target))
        {
            SendError(client, ErrorCode.ServerError, "server busy: send the message again shortly", typeName);
            return;
        }

        if (client.IsClosed)
        {
            // MakeRoom found the sender itself too slow to read what it is sent: it is gone.
            return;
        }

        if (peer?.Client is not { } receiver)
        {
            var why = peer is null ? "no peer has joined " + room.Id + " yet: wait for the role message" : peer.DeviceId.Value + " is offline: wait for it to reconnect";
            SendError(client, ErrorCode.PeerOffline, why, typeName);
            return;
        }

        Enqueue(receiver, ServerMessages.Forward(original, type, room.Id, UnixMicros.Now(_time), receivedAt));
        Metrics.Forwarded(type);
        LogForwarded(client.Id, receiver.Id, typeName, original.Length);
    }

    /// <summary>
    /// R34 with the server-wide queue full: disconnects the connections holding more than their fair
    /// share of it, largest first, until there is room. A fair share is
    /// <see cref="SignalingOptions.MessageQueueSize"/> divided by the number of connections with
    /// messages waiting, <paramref name="receiver"/> of the new message included, and at least 1.
    /// False when every connection is within its share: the server is busy, the new message gets 1007.
    /// </summary>
    private bool MakeRoom(SignalingClient? receiver)
    {
        while (FindHog(receiver) is { } hog)
        {
            DisconnectTooSlow(hog);
            if (QueuedMessages < Options.MessageQueueSize)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>The open connection with the most messages waiting, if it holds more than its fair share (see <see cref="MakeRoom"/>).</summary>
    private SignalingClient? FindHog(SignalingClient? receiver)
    {
        SignalingClient? largest = null;
        var waiting = receiver is null || receiver.Pending == 0 ? 1 : 0;
        foreach (var candidate in _clients.Values)
        {
            var pending = candidate.Pending;
            if (pending == 0)
            {
                continue;
            }

            waiting++;
            if (pending > (largest?.Pending ?? 0))
            {
                largest = candidate;
            }
        }

        var share = Math.Max(1, Options.MessageQueueSize / waiting);
        return largest?.Pending > share ? largest : null;
    }

    /// <summary>
    /// True while a relayed message would be refused for lack of queue space (R34): the server-wide
    /// queue is full and no connection holds more than its fair share of it (counting a receiver
    /// with nothing waiting as one more). For <c>/readyz</c>.
    /// </summary>
    public bool RefusesRelays
    {
        get
        {
            if (QueuedMessages < Options.MessageQueueSize)
            {
                return false;
            }

            lock (_gate)
            {
                return QueuedMessages >= Options.MessageQueueSize && FindHog(null) is null;
            }
        }
    }
}
