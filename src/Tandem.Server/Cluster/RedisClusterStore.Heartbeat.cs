using System.Globalization;
using StackExchange.Redis;
using Tandem.Signaling.Cluster;

namespace Tandem.Server.Cluster;

internal sealed partial class RedisClusterStore
{
    // Nodes whose heartbeat was missing, with when it was first seen missing; only the heartbeat loop touches it.
    private readonly Dictionary<string, DateTimeOffset> _missingSince = new(StringComparer.Ordinal);

    // Set when the connection to Redis comes back: until then plus a node timeout no node counts as
    // missing, since every node needs a moment to reconnect and heartbeat into a Redis that restarted empty.
    private long _watchFromTicks;

    /// <summary>
    /// The heartbeat, on a thread of its own over a blocking connection of its own
    /// (<see cref="HeartbeatConnection"/>): a thread pool starved by a loaded machine runs timers, awaits
    /// and the multiplexer's reads and writes seconds late, and a heartbeat late by a node timeout makes
    /// the other nodes take this node's rooms over and close all its connections. This thread only needs
    /// the CPU.
    /// </summary>
    private void HeartbeatLoop()
    {
        using var connection = HeartbeatConnection.Supports(_settings.Redis!) ? new HeartbeatConnection(_settings.Redis!) : null;
        var next = Environment.TickCount64;
        do
        {
            try
            {
                if (connection is null || !connection.TryWrite(_settings.KeyPrefix + "alive:" + NodeId, _settings.NodeTimeout, _settings.KeyPrefix + "nodes", NodeId, HeartbeatInfo()))
                {
                    WriteHeartbeat();
                }
            }
            catch (RedisException)
            {
                // Reported by the watch loop, which waits for Redis's answers.
            }
            catch (Exception e)
            {
                // Never the end of the heartbeat (nor of the process, as an exception on a thread would be).
                LogFailed("writing the heartbeat", e);
            }

            // A steady rhythm; after a late round, the next one at once rather than a burst of them.
            next = Math.Max(next + (long)_settings.HeartbeatInterval.TotalMilliseconds, Environment.TickCount64);
        }
        while (!_stopping.Token.WaitHandle.WaitOne(TimeSpan.FromMilliseconds(Math.Max(0, next - Environment.TickCount64))));
    }

    /// <summary>The heartbeat through the multiplexer, without waiting for the answer.</summary>
    private void WriteHeartbeat()
    {
        if (_redis.IsConnected)
        {
            _db.StringSet(AliveKey(NodeId), "1", _settings.NodeTimeout, flags: CommandFlags.FireAndForget);
            _db.HashSet(_settings.KeyPrefix + "nodes", NodeId, HeartbeatInfo(), flags: CommandFlags.FireAndForget);
        }
    }

    /// <summary>What the other nodes show of this one: rooms, connections, when (Unix ms).</summary>
    private string HeartbeatInfo()
    {
        var (rooms, connections) = _handler!.Load;
        return string.Create(CultureInfo.InvariantCulture, $"{rooms} {connections} {DateTimeOffset.UtcNow.ToUnixTimeMilliseconds()}");
    }

    /// <summary>
    /// What this node does with the heartbeats, on the thread pool: learning that it was counted as lost,
    /// and counting others as lost. Late under a starved pool, which only makes it slower to count a
    /// node as lost, never quicker.
    /// </summary>
    private async Task WatchLoopAsync()
    {
        using var timer = new PeriodicTimer(_settings.HeartbeatInterval);
        do
        {
            try
            {
                if (_redis.IsConnected)
                {
                    await CheckLostAsync().ConfigureAwait(false);
                    await WatchAsync().ConfigureAwait(false);
                    Reachable();
                }
                else
                {
                    Unreachable(null);
                }
            }
            catch (Exception e) when (e is RedisException or TimeoutException)
            {
                Unreachable(e);
            }
        }
        while (await Tick(timer).ConfigureAwait(false));
    }

    private async Task<bool> Tick(PeriodicTimer timer)
    {
        try
        {
            return await timer.WaitForNextTickAsync(_stopping.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            return false;
        }
    }

    private async Task CheckLostAsync()
    {
        if (await _db.KeyExistsAsync(LostKey(NodeId)).ConfigureAwait(false))
        {
            // Counted as lost while alive: its rooms have new homes. Start over, as a restarted node would.
            _handler!.Reset();
            await _db.KeyDeleteAsync(LostKey(NodeId)).ConfigureAwait(false);
        }
    }

    /// <summary>
    /// Reads the nodes' heartbeats; a node related to this one, or registered, whose heartbeat has been
    /// missing for <see cref="ClusterSettings.NodeTimeout"/> is lost. Missing for that long, not once:
    /// after Redis restarted empty, every live node writes its heartbeat again within one interval.
    /// </summary>
    private async Task WatchAsync()
    {
        var registered = await _db.HashGetAllAsync(_settings.KeyPrefix + "nodes").ConfigureAwait(false);
        var candidates = new HashSet<string>(_handler!.RelatedNodes(), StringComparer.Ordinal);
        var snapshots = new List<NodeSnapshot>();
        foreach (var entry in registered)
        {
            var node = (string)entry.Name!;
            candidates.Add(node);
            var parts = ((string?)entry.Value ?? "").Split(' ');
            if (parts.Length == 3 && int.TryParse(parts[0], CultureInfo.InvariantCulture, out var rooms) && int.TryParse(parts[1], CultureInfo.InvariantCulture, out var connections)
                && long.TryParse(parts[2], CultureInfo.InvariantCulture, out var ms))
            {
                snapshots.Add(new NodeSnapshot(node, rooms, connections, DateTimeOffset.FromUnixTimeMilliseconds(ms), node == NodeId));
            }
        }

        candidates.Remove(NodeId);
        var now = DateTimeOffset.UtcNow;
        if (now.UtcTicks < Interlocked.Read(ref _watchFromTicks))
        {
            _missingSince.Clear();
            _nodes = snapshots;
            return;
        }

        foreach (var node in candidates)
        {
            if (await _db.KeyExistsAsync(AliveKey(node)).ConfigureAwait(false))
            {
                _missingSince.Remove(node);
                continue;
            }

            if (!_missingSince.TryGetValue(node, out var since))
            {
                _missingSince[node] = now;
            }
            else if (now - since >= _settings.NodeTimeout)
            {
                _missingSince.Remove(node);
                snapshots.RemoveAll(s => s.NodeId == node);

                // Marked first: a node that was only stalled learns at its next heartbeat that it must start over.
                await _db.StringSetAsync(LostKey(node), "1", TimeSpan.FromHours(1)).ConfigureAwait(false);
                _handler.NodeLost(node);
                _ = ForgetLaterAsync(node);
            }
        }

        _nodes = snapshots.OrderBy(s => s.NodeId, StringComparer.Ordinal).ToList();
    }

    /// <summary>Once the reconnect grace is over, the lost node's rooms that nobody took over are deleted.</summary>
    private async Task ForgetLaterAsync(string node)
    {
        try
        {
            await Task.Delay(_forgetAfter, _stopping.Token).ConfigureAwait(false);
            var forgotten = (int)await _db.ScriptEvaluateAsync(RedisScripts.Forget, [(RedisKey)(_settings.KeyPrefix + "rooms:" + node)],
                [node, _settings.KeyPrefix + "room:", _settings.KeyPrefix + "nodes"]).ConfigureAwait(false);
            LogForgotten(node, forgotten);
        }
        catch (OperationCanceledException)
        {
        }
        catch (Exception e) when (e is RedisException or TimeoutException)
        {
            LogFailed("forgetting lost node " + node, e);
        }
    }
}
