using Tandem.Signaling.Hub;
using Tandem.Signaling.Status;

namespace Tandem.Server.Tests.TestSupport;

/// <summary>
/// What the PROTOCOL.md conformance tests run against: one server with the memory store, or a cluster of
/// two in-process servers on loopback sharing one redis-server of the test's own. Connections go to the
/// nodes in turn (the first to node 0, the second to node 1, ...), so a room's two members sit on
/// different nodes.
/// </summary>
internal sealed class SignalingTarget : IAsyncDisposable
{
    private readonly RedisServer? _redis;
    private int _next;

    private SignalingTarget(IReadOnlyList<ServerHost> nodes, RedisServer? redis)
    {
        Nodes = nodes;
        _redis = redis;
    }

    /// <summary>The stores the conformance tests run with.</summary>
    public static TheoryData<string> Stores { get; } = new("memory", "redis");

    public IReadOnlyList<ServerHost> Nodes { get; }

    public RedisServer? Redis => _redis;

    /// <summary>Every node's rooms: a room lives on its home node only.</summary>
    public IReadOnlyList<RoomSnapshot> Rooms => [.. Nodes.SelectMany(n => n.Hub.GetStatus().Rooms)];

    /// <summary>Every node's connections (a member of another node shows at its room's home as NODE/ID too).</summary>
    public IReadOnlyList<ConnectionSnapshot> Connections => [.. Nodes.SelectMany(n => n.Hub.GetStatus().Connections)];

    public IEnumerable<SignalingHub> Hubs => Nodes.Select(n => n.Hub);

    /// <summary>Starts the target; <paramref name="settings"/> are <c>Key=Value</c> pairs under <c>Signaling:</c>.</summary>
    public static async Task<SignalingTarget> StartAsync(string store, params string[] settings)
    {
        if (store == "memory")
        {
            return new SignalingTarget([await ServerHost.StartAsync(settings)], null);
        }

        var redis = await RedisServer.StartAsync();
        string[] cluster = [.. ClusterSettings(redis), .. settings];
        var nodes = new[] { await ServerHost.StartAsync(cluster), await ServerHost.StartAsync(cluster) };
        return new SignalingTarget(nodes, redis);
    }

    /// <summary>The settings of a node of the cluster on <paramref name="redis"/>: fast heartbeats, so that a lost node is noticed within about 4 s.</summary>
    public static string[] ClusterSettings(RedisServer redis) =>
        ["Store=redis", "Redis:Configuration=" + redis.Configuration, "Redis:HeartbeatSeconds=0.2", "Redis:NodeTimeoutSeconds=2"];

    /// <summary>Opens a connection to the next node in turn.</summary>
    public Task<WsClient> ConnectAsync() => ConnectAsync(_next++);

    /// <summary>Opens a connection to node <paramref name="node"/> (modulo the node count).</summary>
    public Task<WsClient> ConnectAsync(int node) => Nodes[node % Nodes.Count].ConnectAsync();

    /// <summary>Messages of <paramref name="type"/> forwarded, over all nodes (each is counted by its room's home).</summary>
    public long Forwarded(string type) => Hubs.Sum(h => h.Metrics.ForwardedByType.TryGetValue(type, out var n) ? n : 0);

    public async ValueTask DisposeAsync()
    {
        foreach (var node in Nodes)
        {
            await node.DisposeAsync();
        }

        if (_redis is not null)
        {
            await _redis.DisposeAsync();
        }
    }
}
