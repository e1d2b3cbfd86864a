namespace Tandem.Server.Admin.Status;

/// <summary>A room as the API shows it.</summary>
/// <param name="RoomId">Room id.</param>
/// <param name="State">WAITING, PAIRED or TIMEOUT.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="AgeSeconds">Seconds since then.</param>
/// <param name="SecondsLeft">Seconds until its room timeout, or until the first member's reconnect grace ends; null when nothing is pending.</param>
/// <param name="Deadline">"timeout", "grace" or null: what <paramref name="SecondsLeft"/> counts down to.</param>
/// <param name="Members">Members, the offerer first.</param>
public sealed record RoomView(string RoomId, string State, DateTimeOffset CreatedAt, double AgeSeconds, double? SecondsLeft, string? Deadline, IReadOnlyList<MemberView> Members);

/// <summary>A room member.</summary>
/// <param name="DeviceId">Device id as it joined.</param>
/// <param name="ConnectionId">Connection id, null while offline.</param>
/// <param name="Role">offerer or answerer.</param>
/// <param name="Online">False during the reconnect grace.</param>
/// <param name="GraceSecondsLeft">Seconds of reconnect grace left, while offline.</param>
public sealed record MemberView(string DeviceId, string? ConnectionId, string Role, bool Online, double? GraceSecondsLeft);

/// <summary>A connection as the API shows it.</summary>
/// <param name="ConnectionId">Connection id.</param>
/// <param name="DeviceId">Device id once joined.</param>
/// <param name="State">CONNECTED, JOINED or PAIRED.</param>
/// <param name="RoomId">Its room, if any.</param>
/// <param name="RemoteAddress">Remote endpoint.</param>
/// <param name="ConnectedAt">When it was accepted.</param>
/// <param name="AgeSeconds">Seconds since then.</param>
/// <param name="JoinSecondsLeft">Seconds left to join before it is closed (R29), while in no room.</param>
/// <param name="MessagesIn">Messages received.</param>
/// <param name="MessagesOut">Messages sent.</param>
/// <param name="BytesIn">Bytes received.</param>
/// <param name="BytesOut">Bytes sent.</param>
/// <param name="Queued">Messages waiting to be sent to it (a slow reader's grows).</param>
public sealed record ConnectionView(
    string ConnectionId,
    string? DeviceId,
    string State,
    string? RoomId,
    string RemoteAddress,
    DateTimeOffset ConnectedAt,
    double AgeSeconds,
    double? JoinSecondsLeft,
    long MessagesIn,
    long MessagesOut,
    long BytesIn,
    long BytesOut,
    int Queued);

/// <summary>Server-wide totals.</summary>
/// <param name="Connections">Open connections.</param>
/// <param name="Rooms">All rooms.</param>
/// <param name="RoomsByState">Rooms per state (WAITING, PAIRED, TIMEOUT).</param>
/// <param name="QueuedMessages">Accepted messages not yet delivered.</param>
/// <param name="ConnectionsAccepted">Connections accepted since start.</param>
/// <param name="Pairs">Pairings since start.</param>
/// <param name="RoomTimeouts">Room timeouts since start.</param>
/// <param name="Resumes">Resumes and replacements since start.</param>
/// <param name="ForwardedByType">Messages forwarded since start, by type.</param>
/// <param name="ErrorsByCode">Errors sent since start, by code.</param>
public sealed record TotalsView(
    int Connections,
    int Rooms,
    IReadOnlyDictionary<string, int> RoomsByState,
    int QueuedMessages,
    long ConnectionsAccepted,
    long Pairs,
    long RoomTimeouts,
    long Resumes,
    IReadOnlyDictionary<string, long> ForwardedByType,
    IReadOnlyDictionary<string, long> ErrorsByCode);

/// <summary>One page of a filtered list.</summary>
/// <param name="Total">Items before filtering.</param>
/// <param name="Matched">Items that match the filter.</param>
/// <param name="Offset">Index of the first item returned among the matches.</param>
/// <param name="Items">The items.</param>
/// <typeparam name="T">Item type.</typeparam>
public sealed record PageView<T>(int Total, int Matched, int Offset, IReadOnlyList<T> Items);

/// <summary>One second of history for the charts.</summary>
/// <param name="Time">Unix time in milliseconds.</param>
/// <param name="Connections">Open connections.</param>
/// <param name="RoomsPaired">PAIRED rooms.</param>
/// <param name="RoomsWaiting">WAITING rooms.</param>
/// <param name="ForwardedPerSecond">Messages forwarded per second over the last interval.</param>
/// <param name="ErrorsPerSecond">Errors sent per second over the last interval.</param>
public sealed record Sample(long Time, int Connections, int RoomsPaired, int RoomsWaiting, double ForwardedPerSecond, double ErrorsPerSecond);

/// <summary>The whole picture: totals plus (possibly filtered and paged) rooms and connections.</summary>
/// <param name="Time">When the snapshot was taken.</param>
/// <param name="Totals">Totals.</param>
/// <param name="Rooms">Rooms.</param>
/// <param name="Connections">Connections.</param>
/// <param name="Sample">The latest chart sample, if any.</param>
/// <param name="Cluster">The nodes sharing the rooms (the answering node alone with the memory store).</param>
public sealed record StatusView(DateTimeOffset Time, TotalsView Totals, PageView<RoomView> Rooms, PageView<ConnectionView> Connections, Sample? Sample, ClusterView Cluster);

/// <summary>The cluster as one node sees it.</summary>
/// <param name="Store">"memory" or "redis" (<c>Signaling:Store</c>).</param>
/// <param name="NodeId">The answering node; its rooms and connections are the ones listed.</param>
/// <param name="Nodes">Every node, by id.</param>
public sealed record ClusterView(string Store, string NodeId, IReadOnlyList<NodeView> Nodes);

/// <summary>A node of the cluster.</summary>
/// <param name="NodeId">Its id (name and a suffix per process start).</param>
/// <param name="Rooms">Rooms homed there.</param>
/// <param name="Connections">Sockets open there.</param>
/// <param name="HeartbeatAgeSeconds">Seconds since its last heartbeat.</param>
/// <param name="Self">True for the answering node.</param>
public sealed record NodeView(string NodeId, int Rooms, int Connections, double HeartbeatAgeSeconds, bool Self);
