namespace Tandem.Signaling.Status;

/// <summary>A room as the admin page and status API show it.</summary>
/// <param name="RoomId">The room id.</param>
/// <param name="State">WAITING, PAIRED or TIMEOUT.</param>
/// <param name="CreatedAt">When it was created.</param>
/// <param name="TimeoutAt">When it times out while waiting, else null.</param>
/// <param name="Members">Its members, the offerer first.</param>
public sealed record RoomSnapshot(string RoomId, string State, DateTimeOffset CreatedAt, DateTimeOffset? TimeoutAt, IReadOnlyList<MemberSnapshot> Members);

/// <summary>A room member.</summary>
/// <param name="DeviceId">Its id as it joined.</param>
/// <param name="ConnectionId">Its connection id, or null while offline.</param>
/// <param name="Role">"offerer" or "answerer" (the offerer is the member that was first in the room).</param>
/// <param name="Online">False while its slot is held for reconnect (R30).</param>
/// <param name="GraceEndsAt">When its reconnect grace ends, while offline.</param>
public sealed record MemberSnapshot(string DeviceId, string? ConnectionId, string Role, bool Online, DateTimeOffset? GraceEndsAt);

/// <summary>A connection as the admin page and status API show it.</summary>
/// <param name="ConnectionId">The unique connection id.</param>
/// <param name="DeviceId">Its id once joined, else null.</param>
/// <param name="State">CONNECTED, JOINED or PAIRED.</param>
/// <param name="RoomId">Its room, if any.</param>
/// <param name="RemoteAddress">The remote endpoint.</param>
/// <param name="ConnectedAt">When the socket was accepted.</param>
/// <param name="JoinDeadline">When it is closed unless it joins (R29), while in no room.</param>
/// <param name="MessagesIn">Messages received.</param>
/// <param name="MessagesOut">Messages sent.</param>
/// <param name="BytesIn">Bytes received.</param>
/// <param name="BytesOut">Bytes sent.</param>
/// <param name="Queued">Messages waiting to be sent to it (R34: a receiver too slow to take them is disconnected).</param>
public sealed record ConnectionSnapshot(
    string ConnectionId,
    string? DeviceId,
    string State,
    string? RoomId,
    string RemoteAddress,
    DateTimeOffset ConnectedAt,
    DateTimeOffset? JoinDeadline,
    long MessagesIn,
    long MessagesOut,
    long BytesIn,
    long BytesOut,
    int Queued);

/// <summary>Server-wide totals.</summary>
/// <param name="Connections">Open connections.</param>
/// <param name="RoomsWaiting">Rooms WAITING.</param>
/// <param name="RoomsPaired">Rooms PAIRED.</param>
/// <param name="QueuedMessages">Accepted messages not yet delivered.</param>
/// <param name="ConnectionsAccepted">Connections accepted since start.</param>
/// <param name="Pairs">Pairings since start.</param>
/// <param name="RoomTimeouts">Room timeouts since start.</param>
/// <param name="Resumes">Resumes and replacements since start.</param>
/// <param name="ForwardedByType">Messages forwarded since start, by type.</param>
/// <param name="ErrorsByCode">Errors sent since start, by code.</param>
public sealed record TotalsSnapshot(
    int Connections,
    int RoomsWaiting,
    int RoomsPaired,
    int QueuedMessages,
    long ConnectionsAccepted,
    long Pairs,
    long RoomTimeouts,
    long Resumes,
    IReadOnlyDictionary<string, long> ForwardedByType,
    IReadOnlyDictionary<int, long> ErrorsByCode);

/// <summary>Everything at one instant.</summary>
/// <param name="Time">When it was taken.</param>
/// <param name="Totals">Totals.</param>
/// <param name="Rooms">Rooms, by id.</param>
/// <param name="Connections">Connections, oldest first.</param>
public sealed record StatusSnapshot(DateTimeOffset Time, TotalsSnapshot Totals, IReadOnlyList<RoomSnapshot> Rooms, IReadOnlyList<ConnectionSnapshot> Connections);
