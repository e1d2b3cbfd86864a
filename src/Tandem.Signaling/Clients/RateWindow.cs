namespace Tandem.Signaling.Clients;

/// <summary>
/// At most N events in any window of one second (PROTOCOL.md R39): the times of the last N accepted
/// events in a ring, the oldest at <see cref="_next"/>. Allocated on first use; no allocation after.
/// Used by one connection's receive loop only, which is why it needs no lock.
/// </summary>
internal sealed class RateWindow
{
    private long[]? _times;
    private int _next;
    private int _count;

    /// <summary>
    /// Accepts an event at timestamp <paramref name="now"/> when fewer than <paramref name="limit"/> were
    /// accepted in the <paramref name="window"/> timestamp units before it; a limit of 0 accepts all.
    /// </summary>
    public bool TryAdd(long now, int limit, long window)
    {
        if (limit <= 0)
        {
            return true;
        }

        if (_times is null || _times.Length != limit)
        {
            _times = new long[limit];
            _next = 0;
            _count = 0;
        }

        if (_count == limit && now - _times[_next] < window)
        {
            return false;
        }

        _times[_next] = now;
        _next = (_next + 1) % limit;
        _count = Math.Min(_count + 1, limit);
        return true;
    }
}
