using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>
    /// R17–R21, R30: join creates, pairs, resumes or replaces; with authentication on, only with an
    /// allowing <paramref name="verdict"/> (so a replace, too, needs the id's credential). With a cluster
    /// store, a room this node does not hold is looked up first (<paramref name="routed"/> once it was).
    /// </summary>
    private void Join(SignalingClient client, DeviceId id, in JoinVerdict verdict, bool routed = false)
    {
        if (client.JoinPending)
        {
            Refuse(client, new MessageError(ErrorCode.BadMessage, "a join is already being handled: wait for its answer", "join"));
            return;
        }

        if (client.Room is { } current)
        {
            Refuse(client, new MessageError(ErrorCode.BadMessage, $"already in {current.Id}: send leave before joining again", "join"));
            return;
        }

        if (!verdict.Allowed)
        {
            LogUnauthorized(id.Value, client.Id, client.RemoteAddress, verdict.Message);
            Refuse(client, new MessageError(verdict.Code, verdict.Message, "join"));
            return;
        }

        client.GrantedIceServers = verdict.IceServers;

        if (!_rooms.TryGetValue(id.RoomId, out var room))
        {
            if (_cluster is not null && !routed)
            {
                RouteLater(client, id);
                return;
            }

            CreateRoom(client, id);
            return;
        }

        var slot = room.Slot(id.Kind);
        if (slot is null)
        {
            Pair(room, client, id);
        }
        else if (slot.Client is not { } holder)
        {
            Resume(room, slot, client, id);
        }
        else if (Options.DuplicateIdPolicy == DuplicateIdPolicy.Reject)
        {
            SendError(client, ErrorCode.RoomFull, $"{slot.DeviceId.Value} is already in {room.Id} on another connection", "join");
        }
        else
        {
            Replace(room, slot, holder, client, id);
        }
    }

    private void CreateRoom(SignalingClient client, DeviceId id)
    {
        var room = new Room(id.RoomId, _time.GetUtcNow()) { FirstKind = id.Kind };
        _rooms.Add(room.Id, room);
        room.SetSlot(id.Kind, new RoomMember(id, client));
        EnterRoom(client, room, id, ConnectionState.Joined);
        StartRoomTimer(room);
        MarkChanged(room);
        LogRoomCreated(room.Id, id.Value, client.Id);
    }

    private void Pair(Room room, SignalingClient client, DeviceId id)
    {
        room.SetSlot(id.Kind, new RoomMember(id, client));
        room.State = RoomState.Paired;
        room.CancelTimer();
        EnterRoom(client, room, id, ConnectionState.Paired);

        // The other member is online: a room whose only member is offline does not exist (R26, R30).
        var first = room.Other(id.Kind);
        if (first?.Client is { } firstClient)
        {
            firstClient.State = ConnectionState.Paired;
        }

        MarkChanged(room);
        Metrics.Paired(_time.GetUtcNow() - room.CreatedAt);
        LogRoomPaired(room.Id, first?.DeviceId.Value ?? "", id.Value);
        SendRoles(room, resumed: false);
    }

    /// <summary>R30: the same id is back within its grace period; same roles, <c>resumed:true</c>.</summary>
    private void Resume(Room room, RoomMember slot, SignalingClient client, DeviceId id)
    {
        slot.CancelGrace();
        slot.Client = client;
        slot.DeviceId = id;
        EnterRoom(client, room, id, ConnectionState.Paired);
        MarkChanged(room);
        Metrics.Resumed();
        LogResumed(room.Id, id.Value, client.Id);
        SendRoles(room, resumed: true);
    }

    /// <summary>
    /// R20 <c>replace</c>: the new connection takes the slot, the old one gets 1001 and is closed. In a
    /// paired room the members get their roles again, resumed, even while the peer is in its grace
    /// period: the room keeps its state (R30), and the peer gets its role when it is back.
    /// </summary>
    private void Replace(Room room, RoomMember slot, SignalingClient old, SignalingClient client, DeviceId id)
    {
        ExitRoom(old);
        SendError(old, ErrorCode.RoomFull, $"{id.Value} joined {room.Id} on a newer connection", null);
        Close(old, CloseCodes.Replaced, "replaced by a newer connection", dropFromRoom: false);
        slot.Client = client;
        slot.DeviceId = id;
        EnterRoom(client, room, id, room.State == RoomState.Paired ? ConnectionState.Paired : ConnectionState.Joined);
        MarkChanged(room);
        Metrics.Resumed();
        LogReplaced(room.Id, id.Value, old.Id, client.Id);
        if (room.State == RoomState.Paired)
        {
            SendRoles(room, resumed: true);
        }
    }

    private static void EnterRoom(SignalingClient client, Room room, DeviceId id, ConnectionState state)
    {
        client.CancelJoinTimer();
        client.Identity = id;
        client.Room = room;
        client.State = state;
    }

    /// <summary>
    /// R18: each online member of a paired room learns its role and its peer's id, as the peer wrote
    /// it. A member in its grace period has no connection to tell; it learns its role when it resumes.
    /// </summary>
    private void SendRoles(Room room, bool resumed)
    {
        if (room.Glasses is not { } glasses || room.App is not { } app)
        {
            return;
        }

        var now = UnixMicros.Now(_time);
        if (glasses.Client is { } glassesClient)
        {
            Enqueue(glassesClient, ServerMessages.Role(glasses.DeviceId.Value, app.DeviceId.Value, room.IsOfferer(DeviceKind.Glasses), room.Id, resumed, now,
                IceServersFor(glassesClient, glasses.DeviceId)));
        }

        if (app.Client is { } appClient)
        {
            Enqueue(appClient, ServerMessages.Role(app.DeviceId.Value, glasses.DeviceId.Value, room.IsOfferer(DeviceKind.App), room.Id, resumed, now,
                IceServersFor(appClient, app.DeviceId)));
        }
    }

    /// <summary>R18 <c>data.ice_servers</c>: what the join's authorizer granted, then the TURN credentials the server issues.</summary>
    private IReadOnlyList<IceServerGrant>? IceServersFor(SignalingClient client, DeviceId id)
    {
        var issued = Options.Turn?.Issue(id.Value, _time.GetUtcNow());
        return (client.GrantedIceServers, issued) switch
        {
            (null, null) => null,
            ({ } granted, null) => granted,
            (null, { } turn) => [turn],
            ({ } granted, { } turn) => [.. granted, turn],
        };
    }
}
