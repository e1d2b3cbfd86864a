using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>R25–R28: leave frees the slot; the peer gets the leave forwarded; the socket stays open.</summary>
    private void Leave(SignalingClient client, ReadOnlySpan<byte> original, long receivedAt)
    {
        if (client.Room is not { } room)
        {
            SendError(client, ErrorCode.RoomNotFound, "you are in no room: join first", "leave");
            return;
        }

        var kind = client.Identity!.Value.Kind;
        LogLeft(room.Id, client.RecipientId, client.Id);
        ExitRoom(client);
        StartJoinTimer(client);
        room.SetSlot(kind, null);
        if (room.Other(kind) is { Client: { } peer })
        {
            Enqueue(peer, ServerMessages.Forward(original, MessageType.Leave, room.Id, UnixMicros.Now(_time), receivedAt));
            Metrics.Forwarded(MessageType.Leave);
        }

        AfterSlotFreed(room, kind, "left");
    }

    /// <summary>
    /// R30: a socket closed without leave. A waiting room is destroyed; in a paired room the slot is
    /// held for the reconnect grace, unless the peer is offline too.
    /// </summary>
    private void DropFromRoom(SignalingClient client)
    {
        if (client.Room is not { } room)
        {
            return;
        }

        var kind = client.Identity!.Value.Kind;
        var member = room.Slot(kind)!;
        ExitRoom(client);
        if (room.State != RoomState.Paired || room.Other(kind)?.Client is null)
        {
            DestroyRoom(room, "member disconnected");
            return;
        }

        member.Client = null;
        StartGraceTimer(room, member);
        LogMemberOffline(room.Id, member.DeviceId.Value, Options.ReconnectGrace.TotalSeconds);
    }

    /// <summary>R30: the grace period ended; the slot is freed as if the member had left.</summary>
    private void GraceExpired(Room room, RoomMember member)
    {
        var kind = member.DeviceId.Kind;
        member.CancelGrace();
        room.SetSlot(kind, null);
        LogGraceExpired(room.Id, member.DeviceId.Value);
        if (room.Other(kind) is { Client: { } peer })
        {
            Enqueue(peer, ServerMessages.DisconnectedLeave(member.DeviceId.Value, room.Id, UnixMicros.Now(_time)));
            Metrics.Forwarded(MessageType.Leave);
        }

        AfterSlotFreed(room, kind, "grace expired");
    }

    /// <summary>R26, R27: what is left of a room after one slot was freed.</summary>
    private void AfterSlotFreed(Room room, DeviceKind freed, string reason)
    {
        var remaining = room.Other(freed);
        if (remaining?.Client is not { } live)
        {
            DestroyRoom(room, remaining is null ? "empty" : reason + ", peer offline");
            return;
        }

        room.State = RoomState.Waiting;
        room.FirstKind = remaining.DeviceId.Kind;
        MarkChanged(room);
        live.State = ConnectionState.Joined;
        StartRoomTimer(room);
    }

    private void DestroyRoom(Room room, string reason)
    {
        room.CancelTimer();
        foreach (var member in new[] { room.Glasses, room.App })
        {
            member?.CancelGrace();
            if (member?.Client is { } client && client.Room == room)
            {
                ExitRoom(client);
                if (!client.IsClosed)
                {
                    StartJoinTimer(client);
                }
            }
        }

        _rooms.Remove(room.Id);
        MarkChanged(room);
        LogRoomDestroyed(room.Id, reason);
    }

    private static void ExitRoom(SignalingClient client)
    {
        client.Room = null;
        client.State = ConnectionState.Connected;
    }
}
