namespace Tandem.Signaling.Clients;

/// <summary>Counts a client's bad messages over the last minute (R35). Used under the hub's lock.</summary>
internal sealed class BadMessageWindow
{
    private static readonly TimeSpan Window = TimeSpan.FromMinutes(1);
    private readonly Queue<DateTimeOffset> _times = new();

    /// <summary>Records one bad message at <paramref name="now"/> and returns how many fell in the last minute.</summary>
    public int Add(DateTimeOffset now)
    {
        while (_times.Count > 0 && now - _times.Peek() >= Window)
        {
            _times.Dequeue();
        }

        _times.Enqueue(now);
        return _times.Count;
    }
}
