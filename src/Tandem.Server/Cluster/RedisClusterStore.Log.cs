namespace Tandem.Server.Cluster;

internal sealed partial class RedisClusterStore
{
    [LoggerMessage(100, LogLevel.Information, "node {NodeId} shares its rooms through Redis at {Redis}")]
    private partial void LogStarted(string nodeId, string redis);

    [LoggerMessage(101, LogLevel.Error, "the room store (Redis at {Redis}) cannot be reached ({Reason}): open connections go on, new joins get error 1007 until it is back; check that redis-server runs and the address is right")]
    private partial void LogUnreachable(string redis, string reason);

    [LoggerMessage(102, LogLevel.Warning, "the room store (Redis) is reachable again: joins are accepted")]
    private partial void LogReachable();

    [LoggerMessage(103, LogLevel.Warning, "room {RoomId} taken over from lost node {Node}")]
    private partial void LogTakenOver(string roomId, string node);

    [LoggerMessage(104, LogLevel.Information, "lost node {Node} forgotten: {Rooms} rooms nobody took over deleted")]
    private partial void LogForgotten(string node, int rooms);

    [LoggerMessage(105, LogLevel.Warning, "Redis failed while {Action}")]
    private partial void LogFailed(string action, Exception error);
}
