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
        if (peer?.Client is not { } receiver)
        {
            var why = peer is null ? "no peer has joined " + room.Id + " yet: wait for the role message" : peer.DeviceId.Value + " is offline: wait for it to reconnect";
            SendError(client, ErrorCode.PeerOffline, why, typeName);
            return;
        }

        if (QueuedMessages >= Options.MessageQueueSize)
        {
            SendError(client, ErrorCode.ServerError, "server busy: send the message again shortly", typeName);
            return;
        }

        if (receiver.Pending >= Options.MaxPendingPerReceiver)
        {
            LogSlowReceiver(receiver.Id, receiver.Pending);
            Close(receiver, CloseCodes.PolicyViolation, "receiver too slow", dropFromRoom: true);
            SendError(client, ErrorCode.PeerOffline, peer.DeviceId.Value + " is offline: wait for it to reconnect", typeName);
            return;
        }

        Enqueue(receiver, ServerMessages.Forward(original, type, room.Id, UnixMicros.Now(_time), receivedAt));
        Metrics.Forwarded(type);
        LogForwarded(client.Id, receiver.Id, typeName, original.Length);
    }
}
