using StackExchange.Redis;
using Tandem.Server.Configuration;

namespace Tandem.Server.Cluster;

/// <summary>
/// <c>Signaling:Store</c> and the <c>Signaling:Redis:*</c> rows of <see cref="SettingsTable"/>: with
/// <c>redis</c>, the node shares its rooms through that Redis server; a configuration string that
/// StackExchange.Redis cannot read, or none, is refused at start-up naming the key.
/// </summary>
internal sealed record ClusterSettings
{
    /// <summary>The Redis connection options, or null for the memory store.</summary>
    public ConfigurationOptions? Redis { get; init; }

    /// <summary>Prefix of every key and channel, so that clusters may share one Redis.</summary>
    public string KeyPrefix { get; init; } = "tandem:";

    /// <summary>How often a node writes its heartbeat.</summary>
    public TimeSpan HeartbeatInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>A node whose heartbeat is missing this long counts as lost.</summary>
    public TimeSpan NodeTimeout { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>The node's name (its id is the name and a random suffix).</summary>
    public string NodeName { get; init; } = Environment.MachineName;

    /// <summary>Reads the checked settings; throws <see cref="InvalidSettingsException"/> for an unusable Redis configuration.</summary>
    public static ClusterSettings Load(SettingValues values)
    {
        var store = values.Get<string>("Signaling:Store");
        var text = values.GetOptional<string>("Signaling:Redis:Configuration");
        var settings = new ClusterSettings
        {
            KeyPrefix = values.Get<string>("Signaling:Redis:KeyPrefix"),
            HeartbeatInterval = values.Get<TimeSpan>("Signaling:Redis:HeartbeatSeconds"),
            NodeTimeout = values.Get<TimeSpan>("Signaling:Redis:NodeTimeoutSeconds"),
            NodeName = values.GetOptional<string>("Signaling:NodeName") ?? Environment.MachineName,
        };
        if (!string.Equals(store, "redis", StringComparison.OrdinalIgnoreCase))
        {
            return settings;
        }

        if (string.IsNullOrWhiteSpace(text))
        {
            throw new InvalidSettingsException(["  Signaling:Store is redis but Signaling:Redis:Configuration is not set: give the Redis server (e.g. --Signaling:Redis:Configuration=127.0.0.1:6379)"]);
        }

        if (settings.NodeTimeout <= settings.HeartbeatInterval * 2)
        {
            throw new InvalidSettingsException([$"  Signaling:Redis:NodeTimeoutSeconds ({settings.NodeTimeout.TotalSeconds:0.###}) must be more than twice Signaling:Redis:HeartbeatSeconds ({settings.HeartbeatInterval.TotalSeconds:0.###}): raise the timeout or heartbeat more often"]);
        }

        ConfigurationOptions options;
        try
        {
            options = ConfigurationOptions.Parse(text);
        }
        catch (ArgumentException e)
        {
            throw new InvalidSettingsException([$"  Signaling:Redis:Configuration '{text}' is not a StackExchange.Redis configuration ({e.Message}): write HOST:PORT[,password=...][,ssl=true]"]);
        }

        if (options.EndPoints.Count == 0)
        {
            throw new InvalidSettingsException([$"  Signaling:Redis:Configuration '{text}' names no server: write HOST:PORT[,password=...]"]);
        }

        // A node starts, and keeps its open connections, while Redis is away; joins get 1007 meanwhile.
        options.AbortOnConnectFail = false;

        // Back soon after Redis is: the other nodes count a node missing for a node timeout as lost.
        options.ReconnectRetryPolicy = new LinearRetry(250);
        return settings with { Redis = options };
    }
}
