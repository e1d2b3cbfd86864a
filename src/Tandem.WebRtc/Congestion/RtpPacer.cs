namespace Tandem.WebRtc.Congestion;

/// <summary>What a paced packet is, which decides its place in the queue.</summary>
internal enum RtpPacketPriority
{
    /// <summary>A retransmission: ahead of new video, since a frame waits for it.</summary>
    Retransmission,

    /// <summary>New video.</summary>
    Video,
}

/// <summary>
/// Spreads packets over time instead of sending a burst larger than the link should take at once (the
/// pacer of draft-ietf-rmcat-gcc-02 §4 and libwebrtc): a byte budget refilled at <see cref="PacingFactor"/> ×
/// the target, up to <see cref="BurstInterval"/> of it, drained every 5 ms or whenever a packet arrives — so
/// a frame that fits the budget leaves whole at once (it completes at the receiver sooner, and its packets'
/// spread does not count as jitter there), while a keyframe or a backlog is spread. Only video is paced
/// (audio bypasses the pacer: RtpStreamSender.FlushAsync); retransmissions go before new video. When the queue would take longer than
/// <see cref="MaxQueueTime"/> to drain at that rate the rate rises to drain it in that time (the encoder
/// is being told to slow down meanwhile). While the congestion window is full new video waits
/// (RtpPacer.CongestionWindow.cs). Probe clusters (<see cref="Probe"/>) take over for their few
/// milliseconds: queued packets, then padding, leave at the probe's rate (RtpPacer.Probing.cs). Queues are
/// preallocated rings: no allocation per packet. Thread-safe.
/// </summary>
internal sealed partial class RtpPacer : IDisposable
{
    private const int QueueCapacity = 4096;
    private static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(5);

    // One lock for the queues and the budget; sends happen under it, which keeps them in release order.
    // Lock order: whoever calls Enqueue may hold the media session's receive lock; the send callback takes
    // its protect lock; never the other way round.
    private readonly Lock _lock = new();
    private readonly PacedSend _send;
    private readonly Action<byte[]> _discard;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Ring _retransmissions = new(QueueCapacity);
    private readonly Ring _video = new(QueueCapacity);
    private long _targetBitrate;
    private double _budget;
    private long _lastRefill;
    private bool _timerRunning;
    private bool _disposed;
    private long _queuedBytes;
    private double _drainRate;
    private long _dropped;

    /// <summary>Creates a pacer that hands packets to <paramref name="send"/> (which returns the buffer) and <paramref name="discard"/> those it drops.</summary>
    public RtpPacer(PacedSend send, Action<byte[]> discard, long targetBitrate, TimeProvider? timeProvider = null)
    {
        _send = send;
        _discard = discard;
        _time = timeProvider ?? TimeProvider.System;
        _targetBitrate = Math.Max(targetBitrate, 1);
        _lastRefill = _time.GetTimestamp();
        _budget = MaxBudget();
        _timer = _time.CreateTimer(static s => ((RtpPacer)s!).OnTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
    }

    /// <summary>Pacing rate = this × the target (libwebrtc's 2.5: room for the encoder's overshoot).</summary>
    public double PacingFactor { get; init; } = 2.5;

    /// <summary>
    /// How much of the pacing rate may leave back to back once the queue was idle (libwebrtc's send burst
    /// interval, 40 ms), never more than <see cref="MaxBurstBytes"/>. At 2.5 × the target a frame of the
    /// encoder's rate is about 13 ms of it: it leaves whole instead of over the next timer ticks.
    /// </summary>
    public TimeSpan BurstInterval { get; init; } = TimeSpan.FromMilliseconds(40);

    /// <summary>The most bytes sent back to back (as libwebrtc: about 63 kB, so a high rate never overfills the socket's buffer at once).</summary>
    public const int MaxBurstBytes = 63_000;

    /// <summary>Longest the queue may take to drain; beyond it the rate rises.</summary>
    public TimeSpan MaxQueueTime { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>Bytes waiting.</summary>
    public long QueuedBytes { get { lock (_lock) { return _queuedBytes; } } }

    /// <summary>Packets waiting.</summary>
    public int QueuedPackets { get { lock (_lock) { return _retransmissions.Count + _video.Count; } } }

    /// <summary>Packets dropped because a queue was full.</summary>
    public long DroppedPackets => Interlocked.Read(ref _dropped);

    /// <summary>The time the queue needs at the current pacing rate.</summary>
    public TimeSpan ExpectedQueueTime
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromSeconds(_queuedBytes * 8.0 / PacingRate());
            }
        }
    }

    /// <summary>
    /// The time the queue takes at the target itself — what the link is believed to carry, as opposed to the pacing
    /// rate: more than a frame interval or two of it is a backlog the encoder should not add to (it skips pictures).
    /// </summary>
    public TimeSpan QueueTimeAtTarget
    {
        get
        {
            lock (_lock)
            {
                return TimeSpan.FromSeconds(_queuedBytes * 8.0 / _targetBitrate);
            }
        }
    }

    /// <summary>Sets the connection's target (bits per second).</summary>
    public void SetTargetBitrate(long bitsPerSecond)
    {
        lock (_lock)
        {
            _targetBitrate = Math.Max(bitsPerSecond, 1);
        }
    }

    /// <summary>Queues a packet in a pooled <paramref name="buffer"/> (the pacer owns it from now on) and sends what the budget allows.</summary>
    public void Enqueue(byte[] buffer, int length, RtpPacketPriority priority)
    {
        lock (_lock)
        {
            if (_disposed)
            {
                _discard(buffer);
                return;
            }

            Refill();
            var queue = priority == RtpPacketPriority.Retransmission ? _retransmissions : _video;
            if (!queue.TryPush(buffer, length))
            {
                Interlocked.Increment(ref _dropped);
                _discard(buffer);
                return;
            }

            _queuedBytes += length;

            // The rate that drains the whole queue within MaxQueueTime holds until it is empty.
            _drainRate = Math.Max(_drainRate, _queuedBytes * 8 / MaxQueueTime.TotalSeconds);
            SendProbe();
            Drain();
            StartTimer();
        }
    }

    /// <summary>Drops what is queued and stops the timer.</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            _disposed = true;
            while (_retransmissions.TryPop(out var buffer, out _) || _video.TryPop(out buffer, out _))
            {
                _discard(buffer);
            }

            _queuedBytes = 0;
            _probing = false;
            _probes.Clear();
        }

        _timer.Dispose();
    }

    private void OnTimer()
    {
        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            Refill();
            SendProbe();
            Drain();
            if (_retransmissions.Count + _video.Count == 0 && !_probing && _probes.Count == 0)
            {
                _timerRunning = false;
                _timer.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            }
        }
    }

    private void StartTimer()
    {
        if (!_timerRunning && (_retransmissions.Count + _video.Count > 0 || _probing || _probes.Count > 0))
        {
            _timerRunning = true;
            _timer.Change(Interval, Interval);
        }
    }

    private void Drain()
    {
        // A probe sends the queue itself, at its own rate.
        while (!_probing && _budget > 0 && TryPopSendable(out var buffer, out var length))
        {
            _budget -= length;
            _send(buffer, length, NoCluster);
        }
    }

    // Under _lock: the next queued packet, retransmissions first; the drain rate ends with the queue.
    private bool TryPopQueued(out byte[] buffer, out int length)
    {
        if (!_retransmissions.TryPop(out buffer, out length) && !_video.TryPop(out buffer, out length))
        {
            return false;
        }

        _queuedBytes -= length;
        if (_queuedBytes == 0)
        {
            _drainRate = 0;
        }

        return true;
    }

    private void Refill()
    {
        var now = _time.GetTimestamp();
        var elapsed = _time.GetElapsedTime(_lastRefill, now).TotalSeconds;
        _lastRefill = now;
        _budget = Math.Min(_budget + (PacingRate() * elapsed / 8), MaxBudget());
    }

    // The budget never holds more than a burst: time idle beyond it is not saved up.
    private double MaxBudget() => Math.Min(PacingRate() * BurstInterval.TotalSeconds / 8, MaxBurstBytes);

    private double PacingRate() => Math.Max(PacingFactor * _targetBitrate, _drainRate);

    /// <summary>A fixed-capacity FIFO of pooled buffers.</summary>
    private sealed class Ring(int capacity)
    {
        private readonly byte[][] _buffers = new byte[capacity][];
        private readonly int[] _lengths = new int[capacity];
        private int _head;

        public int Count { get; private set; }

        public bool TryPush(byte[] buffer, int length)
        {
            if (Count == _buffers.Length)
            {
                return false;
            }

            var tail = (_head + Count) % _buffers.Length;
            _buffers[tail] = buffer;
            _lengths[tail] = length;
            Count++;
            return true;
        }

        public bool TryPop(out byte[] buffer, out int length)
        {
            if (Count == 0)
            {
                buffer = [];
                length = 0;
                return false;
            }

            buffer = _buffers[_head];
            length = _lengths[_head];
            _buffers[_head] = null!;
            _head = (_head + 1) % _buffers.Length;
            Count--;
            return true;
        }
    }
}
