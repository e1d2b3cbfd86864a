using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;
using Tandem.Signaling.Status;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>A consistent picture of rooms, connections and totals (for the admin page and API).</summary>
    public StatusSnapshot GetStatus()
    {
        lock (_gate)
        {
            var rooms = _rooms.Values.OrderBy(r => r.Id, StringComparer.Ordinal).Select(ToSnapshot).ToList();
            var connections = _clients.Values.OrderBy(c => c.ConnectedAt).Select(ToSnapshot).ToList();
            return new StatusSnapshot(_time.GetUtcNow(), Totals(), rooms, connections);
        }
    }

    /// <summary>The totals alone (rooms and connections left empty): cheap enough for every second.</summary>
    public StatusSnapshot GetTotals()
    {
        lock (_gate)
        {
            return new StatusSnapshot(_time.GetUtcNow(), Totals(), [], []);
        }
    }

    /// <summary>Operator action: closes a room; its members get what a room timeout gives them (1005, close 4005).</summary>
    public bool CloseRoom(string roomId)
    {
        using (EnterGate())
        {
            if (!_rooms.TryGetValue(roomId, out var room))
            {
                return false;
            }

            foreach (var member in new[] { room.Glasses, room.App })
            {
                if (member?.Client is { } client)
                {
                    ExitRoom(client);
                    SendError(client, ErrorCode.Timeout, $"{room.Id} was closed by the operator; connect and join again", null);
                    Close(client, CloseCodes.Timeout, "room closed", dropFromRoom: false);
                }
            }

            DestroyRoom(room, "closed by operator");
            return true;
        }
    }

    /// <summary>
    /// Operator action: disconnects a connection as if a newer one had replaced it (1001, close 4001);
    /// its room slot is handled as a disconnect (R30), so the device may reconnect.
    /// </summary>
    public bool DisconnectClient(string connectionId)
    {
        using (EnterGate())
        {
            if (!_clients.TryGetValue(connectionId, out var client) || client.IsClosed)
            {
                return false;
            }

            SendError(client, ErrorCode.RoomFull, "disconnected by the operator", null);
            Close(client, CloseCodes.Replaced, "disconnected by operator", dropFromRoom: true);
            return true;
        }
    }

    private TotalsSnapshot Totals()
    {
        var waiting = _rooms.Values.Count(r => r.State == RoomState.Waiting);
        return new TotalsSnapshot(
            _clients.Count,
            waiting,
            _rooms.Count - waiting,
            QueuedMessages,
            Metrics.ConnectionsAccepted,
            Metrics.Pairs,
            Metrics.RoomTimeouts,
            Metrics.Resumes,
            Metrics.ForwardedByType,
            Metrics.ErrorsByCode);
    }

    private static RoomSnapshot ToSnapshot(Room room)
    {
        var members = new List<MemberSnapshot>(2);
        foreach (var kind in new[] { room.FirstKind, room.FirstKind == DeviceKind.Glasses ? DeviceKind.App : DeviceKind.Glasses })
        {
            if (room.Slot(kind) is { } m)
            {
                var role = room.State == RoomState.Paired ? (room.IsOfferer(kind) ? "offerer" : "answerer") : "offerer";
                members.Add(new MemberSnapshot(m.DeviceId.Value, m.Client?.Id, role, m.Client is not null, m.GraceEndsAt));
            }
        }

        return new RoomSnapshot(room.Id, room.State.ToString().ToUpperInvariant(), room.CreatedAt, room.TimeoutAt, members);
    }

    private static ConnectionSnapshot ToSnapshot(SignalingClient c) => new(
        c.Id,
        c.Identity?.Value,
        c.State.ToString().ToUpperInvariant(),
        c.Room?.Id,
        c.RemoteAddress,
        c.ConnectedAt,
        c.JoinDeadline,
        c.MessagesIn,
        c.MessagesOut,
        c.BytesIn,
        c.BytesOut,
        c.Pending);

    private void RegisterGauges()
    {
        Metrics.Meter.CreateObservableGauge("tandem_connections", () => ConnectionCount, description: "Open connections (sockets of this node)");
        Metrics.Meter.CreateObservableGauge("tandem_cluster_nodes", () => Nodes.Count, description: "Nodes sharing the rooms (1 with the memory store)");
        Metrics.Meter.CreateObservableGauge("tandem_node_rooms", () => Nodes.Select(n => new System.Diagnostics.Metrics.Measurement<int>(n.Rooms, new KeyValuePair<string, object?>("node", n.NodeId))), description: "Rooms homed on each node, as last heard");
        Metrics.Meter.CreateObservableGauge("tandem_rooms", ObserveRooms, description: "Rooms by state");
        Metrics.Meter.CreateObservableGauge("tandem_queued_messages", () => QueuedMessages, description: "Accepted messages not yet delivered");
    }

    private IEnumerable<System.Diagnostics.Metrics.Measurement<int>> ObserveRooms()
    {
        int waiting, paired;
        lock (_gate)
        {
            waiting = _rooms.Values.Count(r => r.State == RoomState.Waiting);
            paired = _rooms.Count - waiting;
        }

        return
        [
            new(waiting, new KeyValuePair<string, object?>("state", "WAITING")),
            new(paired, new KeyValuePair<string, object?>("state", "PAIRED")),
        ];
    }
}
