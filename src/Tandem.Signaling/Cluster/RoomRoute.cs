using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Cluster;

/// <summary>Where a join goes (<see cref="IClusterStore.RouteAsync"/>).</summary>
public enum RouteKind
{
    /// <summary>This node is the room's home.</summary>
    Local,

    /// <summary>Another node is the room's home: <see cref="RoomRoute.Home"/>.</summary>
    Remote,

    /// <summary>The store cannot be reached: the join is refused with 1007 and nothing changes.</summary>
    Unavailable,
}

/// <summary>The answer of <see cref="IClusterStore.RouteAsync"/>.</summary>
/// <param name="Kind">Local, remote or unavailable.</param>
/// <param name="Home">The home node when remote.</param>
/// <param name="Restored">When this node just took the room over from a dead node: what that node last wrote.</param>
public readonly record struct RoomRoute(RouteKind Kind, string? Home = null, RoomRecord? Restored = null);

/// <summary>A room as its home writes it to the store, enough for another node to take it over (R30).</summary>
/// <param name="RoomId">The room id.</param>
/// <param name="Paired">True when PAIRED, false when WAITING.</param>
/// <param name="First">The member that was first: the offerer (R18).</param>
/// <param name="Glasses">The glasses member's id as written, if any.</param>
/// <param name="App">The app member's id as written, if any.</param>
public sealed record RoomRecord(string RoomId, bool Paired, DeviceKind First, string? Glasses, string? App);

/// <summary>A node of the cluster as the admin page shows it.</summary>
/// <param name="NodeId">The node id.</param>
/// <param name="Rooms">Rooms homed there.</param>
/// <param name="Connections">Open connections there (members of rooms homed elsewhere included).</param>
/// <param name="LastSeen">Its last heartbeat.</param>
/// <param name="IsSelf">True for the node answering.</param>
public sealed record NodeSnapshot(string NodeId, int Rooms, int Connections, DateTimeOffset LastSeen, bool IsSelf);
