using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Cluster;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Hub;

// With a cluster store (Signaling:Store=redis) every room runs on one home node, under that node's lock,
// by the same code as without one. This file is the edge side: routing a join to the room's home and
// carrying a member's messages there when it is another node. Without a store none of it runs: every
// entry point is behind a null check of _cluster.
public sealed partial class SignalingHub
{
    private readonly IClusterStore? _cluster;

    // Rooms the current operation changed, written to the store when the lock is left (under _gate).
    private readonly HashSet<Room> _changedRooms = [];

    /// <summary>This node's id in the cluster; "local" with the memory store.</summary>
    public string NodeId => _cluster?.NodeId ?? "local";

    /// <summary>The nodes of the cluster; with the memory store, this one alone.</summary>
    public IReadOnlyList<NodeSnapshot> Nodes
    {
        get
        {
            if (_cluster is not null)
            {
                return _cluster.Nodes;
            }

            var (rooms, connections) = ((IClusterHandler)this).Load;
            return [new NodeSnapshot(NodeId, rooms, connections, _time.GetUtcNow(), IsSelf: true)];
        }
    }

    /// <summary>The store in use (<c>Signaling:Store</c>): "memory" or "redis".</summary>
    public string StoreKind => _cluster is null ? "memory" : "redis";

    /// <summary>
    /// A message that does not go through the local rules: held while the client's join is being
    /// routed, or, at an edge, carried as received to the room's home, which parses it, applies the
    /// rates and answers. False when the message is for this node to handle.
    /// </summary>
    private bool TryDivert(SignalingClient client, ReadOnlySpan<byte> message)
    {
        // Under the lock: the frames to one node leave in order with the Attach and the Detach.
        using (EnterGate())
        {
            if (client.IsClosed)
            {
                return true;
            }

            if (client.Held is { } held)
            {
                held.Enqueue(message.ToArray());
                return true;
            }

            if (client.HomeNode is not { } home)
            {
                return false;
            }

            _cluster!.Publish(home, ClusterFrame.Write(ClusterFrameKind.Message, 0, _cluster.NodeId, client.Id, "", message));
            return true;
        }
    }

    /// <summary>A join for a room this node does not hold: ask the store where it lives, outside the lock.</summary>
    private void RouteLater(SignalingClient client, DeviceId id)
    {
        client.JoinPending = true;
        client.Held ??= new Queue<byte[]>();

        // On the thread pool: a store that answers at once must not run FinishRoute inside this lock.
        _ = Task.Run(() => RouteAsync(client, id));
    }

    private async Task RouteAsync(SignalingClient client, DeviceId id)
    {
        RoomRoute route;
        try
        {
            route = await _cluster!.RouteAsync(id.RoomId, CancellationToken.None).ConfigureAwait(false);
        }
        catch (Exception e)
        {
            LogRouteFailed(id.RoomId, e);
            route = new RoomRoute(RouteKind.Unavailable);
        }

        using (EnterGate())
        {
            FinishRoute(client, id, route);
        }
    }

    private void FinishRoute(SignalingClient client, DeviceId id, in RoomRoute route)
    {
        if (client.IsClosed)
        {
            return;
        }

        client.JoinPending = false;
        var silent = client.Silent;
        client.Silent = false;
        switch (route.Kind)
        {
            case RouteKind.Local:
                if (route.Restored is { Paired: true } record && !_rooms.ContainsKey(record.RoomId))
                {
                    RestoreRoom(record);
                }

                if (!(silent && ResumeSilently(client, id)))
                {
                    Join(client, id, JoinVerdict.Allow, routed: true);
                }

                break;
            case RouteKind.Remote when client.EdgeNode is { } edge:
                // A member of another node whose join reached a node that is no longer the home: its
                // edge routes it again; here it was in no room, so it goes quietly.
                _cluster!.Publish(edge, ClusterFrame.Write(ClusterFrameKind.Release, 0, edge, client.EdgeConnectionId!, id.Value, default));
                CloseClient(client);
                RemoveClient(client, "routed to " + route.Home);
                break;
            case RouteKind.Remote:
                client.HomeNode = route.Home;
                client.Identity = id;
                client.CancelJoinTimer();
                _cluster!.Publish(route.Home!, ClusterFrame.Write(ClusterFrameKind.Attach, silent ? SilentAttach : (ushort)0, _cluster.NodeId, client.Id, id.Value, System.Text.Encoding.UTF8.GetBytes(client.RemoteAddress)));
                LogProxied(client.Id, id.Value, route.Home!);
                break;
            default:
                SendError(client, ErrorCode.ServerError, "server busy: the room store cannot be reached; try again shortly", "join");
                break;
        }

        ReleaseHeld(client);
    }

    /// <summary>The messages a client sent while its join was routed, in order (the lock is reentrant).</summary>
    private void ReleaseHeld(SignalingClient client)
    {
        var held = client.Held;
        client.Held = null;
        while (held is not null && held.TryDequeue(out var message))
        {
            if (client.Held is { } again)
            {
                // One of them was a join that is being routed in turn: the rest wait for that one.
                again.Enqueue(message);
                while (held.TryDequeue(out var rest))
                {
                    again.Enqueue(rest);
                }

                return;
            }

            if (!TryDivert(client, message))
            {
                Handle(client, message, _time.GetTimestamp());
            }
        }
    }

    /// <summary>
    /// R30 across nodes: this node took over a paired room whose home died. Both members start offline
    /// with their grace; the join that follows resumes one, the other resumes when it is back.
    /// </summary>
    private void RestoreRoom(RoomRecord record)
    {
        var room = new Room(record.RoomId, _time.GetUtcNow()) { FirstKind = record.First, State = RoomState.Paired };
        foreach (var value in new[] { record.Glasses, record.App })
        {
            if (value is not null && DeviceId.TryParse(value, out var member))
            {
                var slot = new RoomMember(member, null);
                room.SetSlot(member.Kind, slot);
                StartGraceTimer(room, slot);
            }
        }

        if (room.MemberCount != 2)
        {
            room.Glasses?.CancelGrace();
            room.App?.CancelGrace();
            return;
        }

        _rooms.Add(room.Id, room);
        MarkChanged(room);
        LogRoomRestored(room.Id, record.Glasses!, record.App!);
    }

    /// <summary>
    /// R30 across nodes: a member whose room's home was lost takes its held place in the room as taken
    /// over, without role messages. False when there is no such place (it then joins as usual).
    /// </summary>
    private bool ResumeSilently(SignalingClient client, DeviceId id)
    {
        if (!_rooms.TryGetValue(id.RoomId, out var room) || room.Slot(id.Kind) is not { Client: null } slot)
        {
            return false;
        }

        slot.CancelGrace();
        slot.Client = client;
        slot.DeviceId = id;
        EnterRoom(client, room, id, ConnectionState.Paired);
        MarkChanged(room);
        LogResumed(room.Id, id.Value, client.Id);
        return true;
    }

    private void MarkChanged(Room room)
    {
        if (_cluster is not null)
        {
            _changedRooms.Add(room);
        }
    }

    /// <summary>When the lock is left: the store learns what the operation did to the rooms homed here.</summary>
    private void WriteChangedRooms()
    {
        foreach (var room in _changedRooms)
        {
            if (_rooms.TryGetValue(room.Id, out var current))
            {
                if (current == room)
                {
                    _cluster!.RoomChanged(Record(room));
                }
            }
            else
            {
                _cluster!.RoomRemoved(room.Id);
            }
        }

        _changedRooms.Clear();
    }

    private static RoomRecord Record(Room room) =>
        new(room.Id, room.State == RoomState.Paired, room.FirstKind, room.Glasses?.DeviceId.Value, room.App?.DeviceId.Value);
}
