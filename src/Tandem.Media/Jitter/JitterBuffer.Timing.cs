namespace Tandem.Media.Jitter;

internal sealed partial class JitterBuffer<T>
{
    private long _lastTimestamp;
    private long _firstTimestamp;
    private long _baseTransit;
    private long _previousTransit;
    private double _jitterTicks;
    private long _targetTicks;

    /// <summary>The current target delay added to the fastest observed transit.</summary>
    public TimeSpan TargetDelay
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromTicks(_targetTicks);
            }
        }
    }

    /// <summary>The interarrival jitter estimate (RFC 3550 §6.4.1 / A.8), as time.</summary>
    public TimeSpan Jitter
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromTicks((long)_jitterTicks);
            }
        }
    }

    private void Start(ushort sequence, uint timestamp, long arrival)
    {
        _hasFirst = true;
        _started = false;
        _nextSequence = sequence;
        _highestSequence = sequence - 1;
        _lastTimestamp = timestamp;
        _firstTimestamp = timestamp;
        _baseTransit = arrival;
        _previousTransit = arrival;
    }

    private void Restart(ushort sequence, uint timestamp, long arrival)
    {
        DiscardAll();
        _restarts++;
        Start(sequence, timestamp, arrival);
    }

    // Sequence numbers are 16-bit and wrap (RFC 3550 §A.1): take the candidate nearest to the highest seen.
    private long Unwrap(ushort sequence) => _highestSequence + 1 + (short)(sequence - (ushort)(_highestSequence + 1));

    // RTP timestamps wrap at 2^32: unwrap against the latest one, then convert to ticks from the first.
    private long MediaTicks(uint timestamp)
    {
        long unwrapped = _lastTimestamp + (int)(timestamp - (uint)_lastTimestamp);
        _lastTimestamp = Math.Max(_lastTimestamp, unwrapped);
        long units = unwrapped - _firstTimestamp;
        long seconds = Math.DivRem(units, _options.ClockRate, out long remainder);
        return (seconds * TimeSpan.TicksPerSecond) + (remainder * TimeSpan.TicksPerSecond / _options.ClockRate);
    }

    private long DueTicks(long media) => media + _baseTransit + _targetTicks;

    // RFC 3550 §6.4.1: J(i) = J(i-1) + (|D(i-1,i)| - J(i-1)) / 16, D being the change in transit time.
    private void OnArrival(long transit)
    {
        long d = Math.Abs(transit - _previousTransit);
        _previousTransit = transit;
        _jitterTicks += (d - _jitterTicks) / 16;
        _baseTransit = Math.Min(_baseTransit, transit);

        long desired = Bound((long)(_options.JitterMultiplier * _jitterTicks));
        _targetTicks = desired >= _targetTicks
            ? desired
            : _targetTicks - (long)Math.Ceiling((_targetTicks - desired) * _options.ShrinkRate);
    }

    // A frame arriving after its successors were played shows the delay was too short by at least its lateness.
    private void OnLate(long lateness) => _targetTicks = Bound(_targetTicks + Math.Max(lateness, 0));

    private long Bound(long ticks) => Math.Clamp(ticks, _options.MinDelay.Ticks, _options.MaxDelay.Ticks);
}
