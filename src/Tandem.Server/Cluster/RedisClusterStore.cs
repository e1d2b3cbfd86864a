using StackExchange.Redis;
using Tandem.Signaling.Cluster;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.Cluster;

/// <summary>
/// The Redis store of <c>Signaling:Store=redis</c>: rooms' homes and records in Redis (routed by Lua,
/// <see cref="RedisScripts"/>), one pub/sub channel per node for frames (Redis delivers the messages one
/// connection publishes to a channel in order, and one handler reads them in order: R22), a heartbeat
/// per node with a TTL, and a watcher that reports nodes whose heartbeat is gone.
/// </summary>
internal sealed partial class RedisClusterStore : IClusterStore, IAsyncDisposable
{
    private readonly ClusterSettings _settings;
    private readonly ILogger _logger;
    private readonly ConnectionMultiplexer _redis;
    private readonly IDatabase _db;
    private readonly ISubscriber _subscriber;
    private readonly CancellationTokenSource _stopping = new();
    private readonly TimeSpan _forgetAfter;
    private IClusterHandler? _handler;
    private Thread? _heartbeat;
    private Task? _watch;
    private volatile IReadOnlyList<NodeSnapshot> _nodes = [];
    private int _unreachable;

    private RedisClusterStore(ClusterSettings settings, ConnectionMultiplexer redis, TimeSpan reconnectGrace, ILogger logger)
    {
        _settings = settings;
        _logger = logger;
        _redis = redis;
        _db = redis.GetDatabase();
        _subscriber = redis.GetSubscriber();
        _forgetAfter = reconnectGrace + settings.NodeTimeout;
        NodeId = settings.NodeName + "-" + Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(4));
        _redis.ConnectionFailed += (_, e) => Unreachable(e.Exception);
        _redis.ConnectionRestored += (_, e) =>
        {
            if (e.ConnectionType == ConnectionType.Interactive)
            {
                _ = Task.Run(RestoredAsync);
            }
        };
    }

    /// <inheritdoc />
    public string NodeId { get; }

    /// <inheritdoc />
    public IReadOnlyList<NodeSnapshot> Nodes => _nodes;

    /// <summary>Connects (or keeps trying in the background, while Redis is away) and returns the store.</summary>
    public static RedisClusterStore Connect(ClusterSettings settings, TimeSpan reconnectGrace, ILogger logger)
    {
        var options = settings.Redis!.Clone();
        options.ClientName = settings.NodeName;
        var redis = ConnectionMultiplexer.Connect(options);
        var store = new RedisClusterStore(settings, redis, reconnectGrace, logger);
        if (!redis.IsConnected)
        {
            store.Unreachable(null);
        }

        return store;
    }

    /// <inheritdoc />
    public void Start(IClusterHandler handler)
    {
        _handler = handler;
        _subscriber.Subscribe(Channel(NodeId)).OnMessage(message =>
        {
            // One handler at a time, in the order Redis delivered them (ChannelMessageQueue).
            handler.FrameReceived((byte[])message.Message!);
        });
        _heartbeat = new Thread(HeartbeatLoop) { IsBackground = true, Name = "Redis heartbeat" };
        _heartbeat.Start();
        _watch = Task.Run(WatchLoopAsync);
        LogStarted(NodeId, _settings.Redis!.ToString(includePassword: false));
    }

    /// <inheritdoc />
    public async ValueTask<RoomRoute> RouteAsync(string roomId, CancellationToken cancellationToken)
    {
        if (!_redis.IsConnected)
        {
            Unreachable(null);
            return new RoomRoute(RouteKind.Unavailable);
        }

        RedisResult result;
        try
        {
            result = await _db.ScriptEvaluateAsync(RedisScripts.Route, [RoomKey(roomId)], [NodeId, _settings.KeyPrefix + "alive:", _settings.KeyPrefix + "rooms:", roomId]).ConfigureAwait(false);
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
            return new RoomRoute(RouteKind.Unavailable);
        }

        Reachable();
        var answer = (RedisResult[])result!;
        switch ((string?)answer[0])
        {
            case "remote":
                return new RoomRoute(RouteKind.Remote, (string?)answer[1]);
            case "taken":
                var record = new RoomRecord(roomId, (string?)answer[2] == "1", (string?)answer[3] == "a" ? DeviceKind.App : DeviceKind.Glasses, Empty((string?)answer[4]), Empty((string?)answer[5]));
                LogTakenOver(roomId, (string?)answer[1] ?? "");
                return new RoomRoute(RouteKind.Local, Restored: record);
            default:
                return new RoomRoute(RouteKind.Local);
        }
    }

    /// <inheritdoc />
    // The async forms: called under the hub's lock, they never wait for the connection's write lock (a
    // contended write goes to the multiplexer's backlog, in order).
    public void Publish(string nodeId, byte[] frame) => _ = _subscriber.PublishAsync(Channel(nodeId), frame, CommandFlags.FireAndForget);

    /// <inheritdoc />
    public void RoomChanged(RoomRecord record) =>
        _ = _db.ScriptEvaluateAsync(RedisScripts.Changed, [RoomKey(record.RoomId)],
            [NodeId, _settings.KeyPrefix + "rooms:", record.RoomId, record.Paired ? "1" : "0", record.First == DeviceKind.App ? "a" : "g", record.Glasses ?? "", record.App ?? ""],
            CommandFlags.FireAndForget);

    /// <inheritdoc />
    public void RoomRemoved(string roomId) =>
        _ = _db.ScriptEvaluateAsync(RedisScripts.Removed, [RoomKey(roomId)], [NodeId, _settings.KeyPrefix + "rooms:", roomId], CommandFlags.FireAndForget);

    /// <summary>Stops the heartbeat and removes this node's heartbeat, so the others learn at once that it is gone.</summary>
    public async ValueTask DisposeAsync()
    {
        await _stopping.CancelAsync().ConfigureAwait(false);
        _heartbeat?.Join();
        if (_watch is not null)
        {
            await _watch.ConfigureAwait(false);
        }

        try
        {
            if (_redis.IsConnected)
            {
                await _db.KeyDeleteAsync(AliveKey(NodeId)).ConfigureAwait(false);
                await _db.HashDeleteAsync(_settings.KeyPrefix + "nodes", NodeId).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogFailed("removing this node's heartbeat", e);
        }

        await _redis.CloseAsync().ConfigureAwait(false);
        _redis.Dispose();
        _stopping.Dispose();
    }

    private RedisChannel Channel(string nodeId) => RedisChannel.Literal(_settings.KeyPrefix + "node:" + nodeId);

    private RedisKey RoomKey(string roomId) => _settings.KeyPrefix + "room:" + roomId;

    private RedisKey AliveKey(string nodeId) => _settings.KeyPrefix + "alive:" + nodeId;

    private RedisKey LostKey(string nodeId) => _settings.KeyPrefix + "lost:" + nodeId;

    private static string? Empty(string? value) => string.IsNullOrEmpty(value) ? null : value;

    /// <summary>Logged once per outage: the first failure after the store was reachable.</summary>
    private void Unreachable(Exception? error)
    {
        if (Interlocked.Exchange(ref _unreachable, 1) == 0)
        {
            LogUnreachable(_settings.Redis!.ToString(includePassword: false), error?.Message ?? "not connected");
        }
    }

    private void Reachable()
    {
        if (Interlocked.Exchange(ref _unreachable, 0) == 1)
        {
            LogReachable();
        }
    }

    /// <summary>Redis is back (possibly empty after a restart): heartbeat now and write every room homed here again.</summary>
    private async Task RestoredAsync()
    {
        try
        {
            Interlocked.Exchange(ref _watchFromTicks, (DateTimeOffset.UtcNow + _settings.NodeTimeout).UtcTicks);
            WriteHeartbeat();
            await CheckLostAsync().ConfigureAwait(false);
            _handler!.WriteRoomsAgain();

            Reachable();
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            Unreachable(e);
        }
    }
}
