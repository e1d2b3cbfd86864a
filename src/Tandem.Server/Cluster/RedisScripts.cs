namespace Tandem.Server.Cluster;

/// <summary>
/// The Lua scripts of the Redis store. Redis runs each one atomically, which is what makes routing a
/// room race-free across nodes (no lock held from .NET). Keys: <c>P room:ID</c> hash (home, paired,
/// first, glasses, app), <c>P rooms:NODE</c> set of the rooms homed on NODE, <c>P alive:NODE</c> the
/// heartbeat with a TTL, <c>P nodes</c> hash NODE → "rooms connections unix-ms", <c>P lost:NODE</c> set
/// by the node that counted NODE as lost (a stalled NODE then starts over).
/// </summary>
internal static class RedisScripts
{
    /// <summary>
    /// KEYS[1] room key; ARGV self, alive prefix, node-rooms prefix, room id. Returns {'local'}, {'remote',
    /// home}, or {'taken', old home, paired, first, glasses, app} when the home's heartbeat is gone and
    /// this node takes the room over with what the old home last wrote.
    /// </summary>
    public const string Route = """
        local home = redis.call('HGET', KEYS[1], 'home')
        if home == ARGV[1] then return {'local'} end
        if home and redis.call('EXISTS', ARGV[2] .. home) == 1 then return {'remote', home} end
        local rec = {}
        if home then
          rec = redis.call('HMGET', KEYS[1], 'paired', 'first', 'glasses', 'app')
          redis.call('SREM', ARGV[3] .. home, ARGV[4])
          redis.call('DEL', KEYS[1])
        end
        redis.call('HSET', KEYS[1], 'home', ARGV[1])
        redis.call('SADD', ARGV[3] .. ARGV[1], ARGV[4])
        if home then return {'taken', home, rec[1] or '', rec[2] or '', rec[3] or '', rec[4] or ''} end
        return {'local'}
        """;

    /// <summary>KEYS[1] room key; ARGV self, node-rooms prefix, room id, paired, first, glasses, app. Written only by the home (or into an empty store).</summary>
    public const string Changed = """
        local home = redis.call('HGET', KEYS[1], 'home')
        if home and home ~= ARGV[1] then return 0 end
        redis.call('HSET', KEYS[1], 'home', ARGV[1], 'paired', ARGV[4], 'first', ARGV[5], 'glasses', ARGV[6], 'app', ARGV[7])
        redis.call('SADD', ARGV[2] .. ARGV[1], ARGV[3])
        return 1
        """;

    /// <summary>KEYS[1] room key; ARGV self, node-rooms prefix, room id. Deleted only by its home.</summary>
    public const string Removed = """
        if redis.call('HGET', KEYS[1], 'home') == ARGV[1] then redis.call('DEL', KEYS[1]) end
        redis.call('SREM', ARGV[2] .. ARGV[1], ARGV[3])
        return 1
        """;

    /// <summary>KEYS[1] the lost node's room set; ARGV lost node, room key prefix, nodes hash. Its rooms nobody took over are deleted.</summary>
    public const string Forget = """
        local n = 0
        for _, id in ipairs(redis.call('SMEMBERS', KEYS[1])) do
          local k = ARGV[2] .. id
          if redis.call('HGET', k, 'home') == ARGV[1] then redis.call('DEL', k); n = n + 1 end
        end
        redis.call('DEL', KEYS[1])
        redis.call('HDEL', ARGV[3], ARGV[1])
        return n
        """;
}
