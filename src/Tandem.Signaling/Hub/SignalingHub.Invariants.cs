using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    /// <summary>
    /// Recomputes the hub's counters (connections, rooms, queued messages) and the links between
    /// clients and rooms from its state, and lists every disagreement: empty when all is sound.
    /// The queued-message count is exact only while no socket writer is running (a writer updates a
    /// client's count and the server-wide one a moment apart), so call it when the traffic has settled.
    /// </summary>
    public IReadOnlyList<string> CheckInvariants()
    {
        lock (_gate)
        {
            var violations = CheckStructure();
            var queued = 0;
            foreach (var client in _clients.Values)
            {
                queued += client.Pending;
            }

            if (queued != QueuedMessages)
            {
                violations.Add($"QueuedMessages is {QueuedMessages}, but the open clients have {queued} messages queued");
            }

            return violations;
        }
    }

    /// <summary>Under the lock: everything but the queued-message count (see <see cref="CheckInvariants"/>).</summary>
    private List<string> CheckStructure()
    {
        var violations = new List<string>();
        if (ConnectionCount != _clients.Count - _remoteCount || _remoteCount != _remote.Count)
        {
            violations.Add($"ConnectionCount is {ConnectionCount}, but {_clients.Count} clients are registered, {_remote.Count} of other nodes");
        }

        foreach (var (id, client) in _clients)
        {
            CheckClient(id, client, violations);
        }

        foreach (var (id, room) in _rooms)
        {
            CheckRoom(id, room, violations);
        }

        return violations;
    }

    private void CheckClient(string id, SignalingClient client, List<string> violations)
    {
        if (id != client.Id)
        {
            violations.Add($"client {client.Id} is registered as {id}");
        }

        if (client.IsClosed && client.Pending != 0)
        {
            violations.Add($"closed client {id} still counts {client.Pending} queued messages");
        }

        if (client.Room is not { } room)
        {
            if (client.State != ConnectionState.Connected)
            {
                violations.Add($"client {id} is in no room but {client.State}");
            }

            // R29: a connection in no room is always on its way out, by its join timer or its close.
            // A socket whose room is homed on another node is timed there.
            if (!client.IsClosed && client.JoinTimer is null && client.HomeNode is null)
            {
                violations.Add($"client {id} is in no room without a join timer");
            }

            return;
        }

        if (client.IsClosed)
        {
            violations.Add($"closed client {id} is still in {room.Id}");
        }

        if (!_rooms.TryGetValue(room.Id, out var known) || known != room)
        {
            violations.Add($"client {id} is in {room.Id}, which the hub does not hold");
        }

        if (client.Identity is not { } identity || room.Slot(identity.Kind)?.Client != client)
        {
            violations.Add($"client {id} is in {room.Id} but not in its slot");
        }

        var expected = room.State == RoomState.Paired ? ConnectionState.Paired : ConnectionState.Joined;
        if (client.State != expected)
        {
            violations.Add($"client {id} in {room.State} {room.Id} is {client.State}, not {expected}");
        }
    }

    private void CheckRoom(string id, Room room, List<string> violations)
    {
        if (id != room.Id)
        {
            violations.Add($"room {room.Id} is held as {id}");
        }

        var online = 0;
        foreach (var (kind, member) in new[] { (DeviceKind.Glasses, room.Glasses), (DeviceKind.App, room.App) })
        {
            if (member is null)
            {
                continue;
            }

            if (member.DeviceId.Kind != kind)
            {
                violations.Add($"{member.DeviceId.Value} sits in the {kind} slot of {id}");
            }

            if (member.Client is { } client)
            {
                online++;
                if (!_clients.TryGetValue(client.Id, out var registered) || registered != client || client.IsClosed || client.Room != room)
                {
                    violations.Add($"{member.DeviceId.Value} in {id} is held by {client.Id}, which is closed, unregistered or elsewhere");
                }

                if (member.GraceTimer is not null)
                {
                    violations.Add($"{member.DeviceId.Value} in {id} is online with a grace timer");
                }
            }
            else if (member.GraceTimer is null)
            {
                violations.Add($"{member.DeviceId.Value} in {id} is offline without a grace timer (R30)");
            }
        }

        // R26, R27, R30: a room always has a live member; a waiting room exactly one, timed (R17).
        var members = room.MemberCount;
        var sound = room.State switch
        {
            RoomState.Waiting => members == 1 && online == 1 && room.Timer is not null,
            RoomState.Paired => members == 2 && online >= 1 && room.Timer is null,
            _ => false,
        };
        if (!sound)
        {
            violations.Add($"{id} is {room.State} with {members} members, {online} online, timer {(room.Timer is null ? "off" : "on")}");
        }
    }
}
