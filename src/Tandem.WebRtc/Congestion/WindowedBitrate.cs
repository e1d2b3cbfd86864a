namespace Tandem.WebRtc.Congestion;

/// <summary>
/// A rate over the last 500 ms of a clock: the bytes of packets whose time lies in that window, divided
/// by it — e.g. what the receiver got, on its arrival clock (draft-ietf-rmcat-gcc-02 §5.5 "R_hat"), or
/// what we sent. Fixed storage; not thread-safe.
/// </summary>
internal sealed class WindowedBitrate
{
    /// <summary>The window, in microseconds.</summary>
    public const long WindowMicroseconds = 500_000;
    private const int Capacity = 4096;

    private readonly long[] _arrivals = new long[Capacity];
    private readonly int[] _sizes = new int[Capacity];
    private int _head;
    private int _count;
    private long _bytes;
    private long _first = -1;
    private long _latest = -1;

    /// <summary>The rate in bits per second, or null until a full window was seen.</summary>
    public long? BitsPerSecond { get; private set; }

    /// <summary>Adds a packet at <paramref name="arrivalMicroseconds"/> (non-decreasing, give or take reordering).</summary>
    public void OnPacket(long arrivalMicroseconds, int size)
    {
        if (_first < 0)
        {
            _first = arrivalMicroseconds;
        }

        _latest = Math.Max(_latest, arrivalMicroseconds);
        if (_count == Capacity)
        {
            Drop();
        }

        var tail = (_head + _count) % Capacity;
        _arrivals[tail] = arrivalMicroseconds;
        _sizes[tail] = size;
        _count++;
        _bytes += size;
        while (_count > 0 && _arrivals[_head] <= _latest - WindowMicroseconds)
        {
            Drop();
        }

        if (_latest - _first >= WindowMicroseconds)
        {
            BitsPerSecond = _bytes * 8 * 1_000_000 / WindowMicroseconds;
        }
    }

    private void Drop()
    {
        _bytes -= _sizes[_head];
        _head = (_head + 1) % Capacity;
        _count--;
    }
}
