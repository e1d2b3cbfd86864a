using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The receive side of transport-wide congestion control
/// (draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1): the arrival time of every packet that
/// carried a transport-wide sequence number, kept until a feedback described it. Feedback covers
/// each number once, from the first not yet described to the highest seen; a packet that arrives
/// after its number was described (late, reordered) is not reported again. Storage is fixed; not
/// thread-safe (the media session calls it under its receive lock and its feedback timer's).
/// </summary>
internal sealed class TransportArrivalLog
{
    private const int Capacity = 4096;
    private const long NotReceived = -1;

    private readonly long[] _arrivals = new long[Capacity];
    private RtpSequenceUnwrapper _unwrapper;
    private long _nextToDescribe = -1;
    private long _highest = -1;

    /// <summary>Packets recorded (for statistics).</summary>
    public long PacketsRecorded { get; private set; }

    /// <summary>Whether there are numbers not yet described.</summary>
    public bool HasPending => _highest >= _nextToDescribe && _nextToDescribe >= 0;

    /// <summary>Records the arrival of <paramref name="sequenceNumber"/> at <paramref name="arrivalMicroseconds"/> (monotonic, ≥ 0).</summary>
    public void OnArrival(ushort sequenceNumber, long arrivalMicroseconds)
    {
        var unwrapped = _unwrapper.Unwrap(sequenceNumber);
        PacketsRecorded++;
        if (_nextToDescribe < 0)
        {
            _nextToDescribe = unwrapped;
        }

        if (unwrapped < _nextToDescribe)
        {
            return;
        }

        if (unwrapped - _nextToDescribe >= Capacity)
        {
            // A jump beyond what the ring holds (a long outage, or a new sender): what lies behind is lost to feedback.
            _nextToDescribe = unwrapped - Capacity + 1;
        }

        if (unwrapped > _highest)
        {
            for (var s = Math.Max(_highest + 1, _nextToDescribe); s < unwrapped; s++)
            {
                _arrivals[s & (Capacity - 1)] = NotReceived;
            }

            _highest = unwrapped;
        }

        _arrivals[unwrapped & (Capacity - 1)] = arrivalMicroseconds;
    }

    /// <summary>
    /// Copies the arrival times of the next numbers to describe (at most <paramref name="destination"/>'s
    /// length; negative = not received) and returns the first one's number and the count. Call
    /// <see cref="Described"/> with how many the feedback took.
    /// </summary>
    public int TakePending(Span<long> destination, out ushort baseSequenceNumber)
    {
        baseSequenceNumber = 0;
        if (!HasPending)
        {
            return 0;
        }

        var count = (int)Math.Min(destination.Length, _highest - _nextToDescribe + 1);
        for (var i = 0; i < count; i++)
        {
            destination[i] = _arrivals[(_nextToDescribe + i) & (Capacity - 1)];
        }

        baseSequenceNumber = unchecked((ushort)_nextToDescribe);
        return count;
    }

    /// <summary>Marks the first <paramref name="count"/> pending numbers as described.</summary>
    public void Described(int count) => _nextToDescribe += count;
}
