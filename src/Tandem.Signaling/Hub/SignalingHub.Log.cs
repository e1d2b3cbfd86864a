using Microsoft.Extensions.Logging;

namespace Tandem.Signaling.Hub;

// One line per event, structured (requirements §1(7)). SDP and ICE bodies are never logged.
public sealed partial class SignalingHub
{
    [LoggerMessage(1, LogLevel.Information, "connection {ConnectionId} opened from {RemoteAddress}")]
    private partial void LogConnected(string connectionId, string remoteAddress);

    [LoggerMessage(2, LogLevel.Information, "connection {ConnectionId} ({DeviceId}) from {RemoteAddress} closed: {Reason}")]
    private partial void LogDisconnected(string connectionId, string deviceId, string remoteAddress, string reason);

    [LoggerMessage(3, LogLevel.Warning, "connection {ConnectionId} from {RemoteAddress} refused: server at capacity ({Connections} open)")]
    private partial void LogCapacityRejected(string connectionId, string remoteAddress, int connections);

    [LoggerMessage(4, LogLevel.Warning, "connection {ConnectionId} from {RemoteAddress} refused: {Connections} connections from that address already open")]
    private partial void LogAddressCapRejected(string connectionId, string remoteAddress, int connections);

    [LoggerMessage(5, LogLevel.Warning, "join as {DeviceId} on {ConnectionId} from {RemoteAddress} refused (1008): {Reason}")]
    private partial void LogUnauthorized(string deviceId, string connectionId, string remoteAddress, string reason);

    [LoggerMessage(6, LogLevel.Error, "the join authorizer failed for {ConnectionId}")]
    private partial void LogAuthorizerFailed(string connectionId, Exception error);

    [LoggerMessage(10, LogLevel.Information, "room {RoomId} created by {DeviceId} on {ConnectionId}")]
    private partial void LogRoomCreated(string roomId, string deviceId, string connectionId);

    [LoggerMessage(11, LogLevel.Information, "room {RoomId} paired: offerer {Offerer}, answerer {Answerer}")]
    private partial void LogRoomPaired(string roomId, string offerer, string answerer);

    [LoggerMessage(12, LogLevel.Information, "room {RoomId} timed out after {Seconds} s waiting")]
    private partial void LogRoomTimedOut(string roomId, double seconds);

    [LoggerMessage(13, LogLevel.Information, "room {RoomId} destroyed: {Reason}")]
    private partial void LogRoomDestroyed(string roomId, string reason);

    [LoggerMessage(14, LogLevel.Information, "{DeviceId} on {ConnectionId} left room {RoomId}")]
    private partial void LogLeft(string roomId, string deviceId, string connectionId);

    [LoggerMessage(15, LogLevel.Information, "{DeviceId} in room {RoomId} went offline; slot held for {Seconds} s")]
    private partial void LogMemberOffline(string roomId, string deviceId, double seconds);

    [LoggerMessage(16, LogLevel.Information, "{DeviceId} resumed room {RoomId} on {ConnectionId}")]
    private partial void LogResumed(string roomId, string deviceId, string connectionId);

    [LoggerMessage(17, LogLevel.Information, "{DeviceId} in room {RoomId}: connection {OldConnectionId} replaced by {NewConnectionId}")]
    private partial void LogReplaced(string roomId, string deviceId, string oldConnectionId, string newConnectionId);

    [LoggerMessage(18, LogLevel.Information, "{DeviceId} did not come back to room {RoomId} within its grace period")]
    private partial void LogGraceExpired(string roomId, string deviceId);

    [LoggerMessage(19, LogLevel.Information, "connection {ConnectionId} did not join within {Seconds} s")]
    private partial void LogJoinTimedOut(string connectionId, double seconds);

    [LoggerMessage(20, LogLevel.Information, "error {Code} to {ConnectionId}: {Message} (request {RequestType})")]
    private partial void LogErrorSent(string connectionId, int code, string message, string? requestType);

    [LoggerMessage(21, LogLevel.Warning, "connection {ConnectionId} sent more than {Limit} bad messages in a minute: closing")]
    private partial void LogTooManyBadMessages(string connectionId, int limit);

    [LoggerMessage(22, LogLevel.Warning, "connection {ConnectionId} is too slow ({Pending} messages waiting): disconnecting")]
    private partial void LogSlowReceiver(string connectionId, int pending);

    [LoggerMessage(23, LogLevel.Debug, "forwarded {Type} ({Bytes} B) from {From} to {To}")]
    private partial void LogForwarded(string from, string to, string type, int bytes);

    [LoggerMessage(30, LogLevel.Information, "connection {ConnectionId} ({DeviceId}) joins through node {Home}, the home of its room")]
    private partial void LogProxied(string connectionId, string deviceId, string home);

    [LoggerMessage(31, LogLevel.Warning, "room {RoomId} taken over from a lost node: {Glasses} and {App} have their reconnect grace")]
    private partial void LogRoomRestored(string roomId, string glasses, string app);

    [LoggerMessage(32, LogLevel.Warning, "node {NodeId} lost: its connections count as closed, rooms homed there are taken over")]
    private partial void LogNodeLost(string nodeId);

    [LoggerMessage(33, LogLevel.Warning, "a frame from another node ({Bytes} B) could not be read: dropped")]
    private partial void LogBadFrame(int bytes);

    [LoggerMessage(34, LogLevel.Warning, "routing room {RoomId} failed: the join gets 1007")]
    private partial void LogRouteFailed(string roomId, Exception error);

    [LoggerMessage(35, LogLevel.Error, "the other nodes counted this node as lost (its heartbeat stalled for the node timeout; an overloaded machine?) and took its rooms over: every connection is closed with 1012 so that its client connects again")]
    private partial void LogReset();
}
