namespace Tandem.Media.Jitter;

/// <summary>
/// A jitter buffer for RTP-timed frames (audio packets or whole video frames): reorders by sequence
/// number, drops frames that arrive after a later one was played, reports gaps, and releases each
/// frame when it is due: <c>capture time + base transit + target delay</c>, on a <see cref="TimeProvider"/>.
/// The target delay follows the measured interarrival jitter (RFC 3550 §6.4.1), bounded by
/// <see cref="JitterBufferOptions.MinDelay"/> and <see cref="JitterBufferOptions.MaxDelay"/>: it
/// grows at once when jitter rises or a frame comes too late, and shrinks back slowly.
/// </summary>
/// <typeparam name="T">The caller's frame type.</typeparam>
/// <remarks>
/// Thread-safe: the network receive loop inserts while the playout loop pops, so every public
/// member takes one lock over the slot ring and the timing state, which change together.
/// </remarks>
internal sealed partial class JitterBuffer<T>
{
    private readonly Lock _lock = new();
    private readonly JitterBufferOptions _options;
    private readonly TimeProvider _time;
    private readonly Action<T>? _discard;
    private readonly long _origin;
    private readonly Slot[] _slots;
    private readonly int _mask;
    private bool _hasFirst;
    private bool _started;
    private long _nextSequence;
    private long _highestSequence;
    private int _count;
    private long _inserted, _popped, _duplicates, _late, _lost, _restarts;

    /// <summary>Creates a jitter buffer.</summary>
    /// <param name="options">Clock rate and delay bounds.</param>
    /// <param name="timeProvider">Arrival and playout time; <see cref="TimeProvider.System"/> when null.</param>
    /// <param name="discard">Called for buffered frames thrown away on restart or <see cref="Clear"/> (e.g. to return pooled buffers).</param>
    public JitterBuffer(JitterBufferOptions options, TimeProvider? timeProvider = null, Action<T>? discard = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Capacity < 16 || (options.Capacity & (options.Capacity - 1)) != 0)
        {
            throw new ArgumentException("Capacity must be a power of two of at least 16.", nameof(options));
        }

        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.ClockRate, nameof(options));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.MinDelay, options.MaxDelay, nameof(options));
        _options = options;
        _time = timeProvider ?? TimeProvider.System;
        _discard = discard;
        _origin = _time.GetTimestamp();
        _slots = new Slot[options.Capacity];
        _mask = options.Capacity - 1;
        _targetTicks = options.MinDelay.Ticks;
    }

    /// <summary>Frames currently buffered.</summary>
    public int Count
    {
        get
        {
            lock (_lock)
            {
                return _count;
            }
        }
    }

    /// <summary>A snapshot of the counters.</summary>
    public JitterBufferStatistics Statistics
    {
        get
        {
            lock (_lock)
            {
                return new JitterBufferStatistics
                {
                    Inserted = _inserted,
                    Popped = _popped,
                    Duplicates = _duplicates,
                    Late = _late,
                    Lost = _lost,
                    Restarts = _restarts,
                };
            }
        }
    }

    /// <summary>Inserts a single-packet frame (an audio packet).</summary>
    public JitterInsertResult Insert(ushort sequenceNumber, uint rtpTimestamp, T item) =>
        Insert(sequenceNumber, sequenceNumber, rtpTimestamp, item);

    /// <summary>Inserts a frame that spanned the packets <paramref name="firstSequenceNumber"/>..<paramref name="lastSequenceNumber"/> (a video frame).</summary>
    public JitterInsertResult Insert(ushort firstSequenceNumber, ushort lastSequenceNumber, uint rtpTimestamp, T item)
    {
        lock (_lock)
        {
            long arrival = NowTicks();
            if (!_hasFirst)
            {
                Start(firstSequenceNumber, rtpTimestamp, arrival);
            }

            long first = Unwrap(firstSequenceNumber);
            long last = first + (ushort)(lastSequenceNumber - firstSequenceNumber);
            bool restarted = false;
            if (first < _nextSequence - _slots.Length || last >= _nextSequence + _slots.Length)
            {
                Restart(firstSequenceNumber, rtpTimestamp, arrival);
                first = _nextSequence;
                last = first + (ushort)(lastSequenceNumber - firstSequenceNumber);
                restarted = true;
            }

            long media = MediaTicks(rtpTimestamp);
            if (first < _nextSequence)
            {
                if (_started || _count + (_nextSequence - first) > _slots.Length)
                {
                    _late++;
                    OnLate(arrival - DueTicks(media));
                    return JitterInsertResult.Late;
                }

                // Nothing played yet: an earlier frame that arrived second becomes the new head.
                _nextSequence = first;
            }

            ref Slot slot = ref _slots[first & _mask];
            if (slot.Occupied)
            {
                _duplicates++;
                return JitterInsertResult.Duplicate;
            }

            slot = new Slot(true, first, last, rtpTimestamp, media, arrival, item);
            _count++;
            _inserted++;
            _highestSequence = Math.Max(_highestSequence, last);
            OnArrival(arrival - media);
            return restarted ? JitterInsertResult.Restarted : JitterInsertResult.Inserted;
        }
    }

    /// <summary>
    /// Pops the next frame in sequence order if it is due now. When frames before it are missing,
    /// it is popped only when it is itself due (the missing ones had until then to arrive) and
    /// <see cref="JitterFrame{T}.LostBefore"/> counts them.
    /// </summary>
    public bool TryPop(out JitterFrame<T> frame)
    {
        lock (_lock)
        {
            long now = NowTicks();
            if (!TryFindHead(out long sequence) || now < DueTicks(_slots[sequence & _mask].MediaTicks))
            {
                frame = default;
                return false;
            }

            ref Slot slot = ref _slots[sequence & _mask];
            int lostBefore = _started ? (int)(sequence - _nextSequence) : 0;
            frame = new JitterFrame<T>(slot.Item, (ushort)sequence, slot.RtpTimestamp, lostBefore, TimeSpan.FromTicks(now - slot.Arrival));
            _nextSequence = slot.Last + 1;
            _started = true;
            slot = default;
            _count--;
            _popped++;
            _lost += lostBefore;
            return true;
        }
    }

    /// <summary>Time until the next frame is due (zero if it already is), or null when the buffer is empty.</summary>
    public TimeSpan? TimeUntilNextDue
    {
        get
        {
            lock (_lock)
            {
                if (!TryFindHead(out long sequence))
                {
                    return null;
                }

                long wait = DueTicks(_slots[sequence & _mask].MediaTicks) - NowTicks();
                return TimeSpan.FromTicks(Math.Max(0, wait));
            }
        }
    }

    /// <summary>Discards every buffered frame and forgets the stream's sequence and timing state.</summary>
    public void Clear()
    {
        lock (_lock)
        {
            DiscardAll();
            _hasFirst = false;
            _started = false;
        }
    }

    private bool TryFindHead(out long sequence)
    {
        for (sequence = _nextSequence; _count > 0 && sequence <= _highestSequence; sequence++)
        {
            ref Slot slot = ref _slots[sequence & _mask];
            if (slot.Occupied && slot.First == sequence)
            {
                return true;
            }
        }

        return false;
    }

    private void DiscardAll()
    {
        for (int i = 0; i < _slots.Length; i++)
        {
            if (_slots[i].Occupied)
            {
                _discard?.Invoke(_slots[i].Item);
            }

            _slots[i] = default;
        }

        _count = 0;
    }

    private long NowTicks() => _time.GetElapsedTime(_origin).Ticks;

    private record struct Slot(bool Occupied, long First, long Last, uint RtpTimestamp, long MediaTicks, long Arrival, T Item);
}
