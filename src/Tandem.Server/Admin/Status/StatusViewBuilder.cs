using Tandem.Signaling.Hub;
using Tandem.Signaling.Status;

namespace Tandem.Server.Admin.Status;

/// <summary>Turns the hub's <see cref="StatusSnapshot"/> into the views the API and page show.</summary>
internal static class StatusViewBuilder
{
    private static readonly string[] RoomStates = ["WAITING", "PAIRED", "TIMEOUT"];

    public static StatusView Build(StatusSnapshot snapshot, ListQuery rooms, ListQuery connections, Sample? sample, ClusterView cluster) =>
        new(snapshot.Time, Totals(snapshot), Rooms(snapshot, rooms), Connections(snapshot, connections), sample, cluster);

    public static ClusterView Cluster(SignalingHub hub, DateTimeOffset now) =>
        new(hub.StoreKind, hub.NodeId, hub.Nodes.Select(n => new NodeView(n.NodeId, n.Rooms, n.Connections, Seconds(now - n.LastSeen), n.IsSelf)).ToList());

    public static TotalsView Totals(StatusSnapshot snapshot)
    {
        var t = snapshot.Totals;
        var byState = RoomStates.ToDictionary(s => s, s => snapshot.Rooms.Count(r => r.State == s), StringComparer.Ordinal);
        return new TotalsView(
            t.Connections,
            snapshot.Rooms.Count,
            byState,
            t.QueuedMessages,
            t.ConnectionsAccepted,
            t.Pairs,
            t.RoomTimeouts,
            t.Resumes,
            t.ForwardedByType,
            t.ErrorsByCode.ToDictionary(e => e.Key.ToString(System.Globalization.CultureInfo.InvariantCulture), e => e.Value, StringComparer.Ordinal));
    }

    public static PageView<RoomView> Rooms(StatusSnapshot snapshot, ListQuery query)
    {
        var now = snapshot.Time;
        var views = snapshot.Rooms.Select(r => Room(r, now)).ToList();
        return query.Apply(views, r => r.Members.SelectMany(m => new[] { m.DeviceId, m.ConnectionId }).Append(r.RoomId).Append(r.State));
    }

    public static PageView<ConnectionView> Connections(StatusSnapshot snapshot, ListQuery query)
    {
        var now = snapshot.Time;
        var views = snapshot.Connections.Select(c => new ConnectionView(
            c.ConnectionId,
            c.DeviceId,
            c.State,
            c.RoomId,
            c.RemoteAddress,
            c.ConnectedAt,
            Seconds(now - c.ConnectedAt),
            c.JoinDeadline is { } d ? Seconds(d - now) : null,
            c.MessagesIn,
            c.MessagesOut,
            c.BytesIn,
            c.BytesOut,
            c.Queued)).ToList();
        return query.Apply(views, c => [c.ConnectionId, c.DeviceId, c.State, c.RoomId, c.RemoteAddress]);
    }

    private static RoomView Room(RoomSnapshot room, DateTimeOffset now)
    {
        var members = room.Members
            .Select(m => new MemberView(m.DeviceId, m.ConnectionId, m.Role, m.Online, m.GraceEndsAt is { } g ? Seconds(g - now) : null))
            .ToList();
        double? left = null;
        string? deadline = null;
        if (room.TimeoutAt is { } timeout)
        {
            (left, deadline) = (Seconds(timeout - now), "timeout");
        }

        foreach (var grace in members.Select(m => m.GraceSecondsLeft).OfType<double>())
        {
            if (left is null || grace < left)
            {
                (left, deadline) = (grace, "grace");
            }
        }

        return new RoomView(room.RoomId, room.State, room.CreatedAt, Seconds(now - room.CreatedAt), left, deadline, members);
    }

    // Tenths of a second are plenty for a page that refreshes every second.
    private static double Seconds(TimeSpan span) => Math.Round(Math.Max(0, span.TotalSeconds), 1);
}
