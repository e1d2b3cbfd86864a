namespace Tandem.WebRtc.Congestion;

/// <summary>
/// The delay-based detector of GCC (draft-ietf-rmcat-gcc-02 §5.2–§5.4, with the trendline filter
/// libwebrtc uses in place of the draft's Kalman filter): packets are grouped by send time (a burst
/// within 5 ms is one group, §5.2), and a packet that arrives within 5 ms of its group's last one, sooner
/// after it than it was sent (the receiver or a router released a backlog at once), joins that group too
/// (§5.2's burst rule: else a busy receiver's stalls read as a growing queue); for consecutive groups the
/// one-way delay variation d = (arrival gap) − (send gap) is accumulated, smoothed, and a least-squares
/// slope over the last 20 groups tells whether the queue grows. The slope, scaled, is compared with an
/// adaptive threshold (§5.4): above it for over 10 ms → <see cref="BandwidthUsage.Overusing"/>, below its
/// negative → <see cref="BandwidthUsage.Underusing"/>. Feed packets in send order. Not thread-safe.
/// </summary>
internal sealed class TrendlineDetector
{
    private const long BurstMicroseconds = 5_000;
    private const long MaxBurstMicroseconds = 100_000;
    private const int WindowSize = 20;
    private const double Smoothing = 0.9;
    private const double Gain = 4.0;
    private const int MaxDeltas = 60;
    private const double OverusingTimeMs = 10;
    private const double ThresholdUp = 0.0087;
    private const double ThresholdDown = 0.039;

    private readonly double[] _windowX = new double[WindowSize];
    private readonly double[] _windowY = new double[WindowSize];
    private int _windowCount;
    private int _windowNext;

    private Group _current;
    private Group _previous;
    private bool _hasCurrent;
    private bool _hasPrevious;
    private long _firstArrival = -1;
    private double _accumulatedDelay;
    private double _smoothedDelay;
    private int _deltas;
    private double _threshold = 12.5;
    private long _lastThresholdUpdate = -1;
    private double _timeOverusing = -1;
    private int _overuseCount;
    private double _previousTrend;

    /// <summary>The current conclusion.</summary>
    public BandwidthUsage State { get; private set; }

    /// <summary>The last slope of the smoothed accumulated delay (ms of delay per ms), before scaling.</summary>
    public double Trend { get; private set; }

    /// <summary>The adaptive threshold (§5.4) the scaled trend is compared with.</summary>
    public double Threshold => _threshold;

    /// <summary>Adds one received packet; returns the (possibly updated) state.</summary>
    public BandwidthUsage OnPacket(long sendMicroseconds, long arrivalMicroseconds, int size)
    {
        if (!_hasCurrent)
        {
            _current = new Group(sendMicroseconds, sendMicroseconds, arrivalMicroseconds, arrivalMicroseconds, size);
            _hasCurrent = true;
            return State;
        }

        if (sendMicroseconds < _current.FirstSend)
        {
            // Sent before the group in progress: reordered on our side, not a new group.
            return State;
        }

        if (sendMicroseconds - _current.FirstSend <= BurstMicroseconds || ArrivedInBurst(sendMicroseconds, arrivalMicroseconds))
        {
            _current = _current with
            {
                LastSend = Math.Max(_current.LastSend, sendMicroseconds),
                LastArrival = Math.Max(_current.LastArrival, arrivalMicroseconds),
                Size = _current.Size + size,
            };
            return State;
        }

        if (_hasPrevious)
        {
            var sendDelta = (_current.LastSend - _previous.LastSend) / 1000.0;
            var arrivalDelta = (_current.LastArrival - _previous.LastArrival) / 1000.0;
            if (arrivalDelta >= 0)
            {
                Update(arrivalDelta - sendDelta, sendDelta, _current.LastArrival);
            }
        }

        _previous = _current;
        _hasPrevious = true;
        _current = new Group(sendMicroseconds, sendMicroseconds, arrivalMicroseconds, arrivalMicroseconds, size);
        return State;
    }

    // draft-ietf-rmcat-gcc-02 §5.2: a packet whose inter-arrival time is under 5 ms and whose inter-departure time is
    // longer (negative propagation delta) belongs to the burst being received, for at most 100 ms of arrivals.
    private bool ArrivedInBurst(long sendMicroseconds, long arrivalMicroseconds)
    {
        var arrivalDelta = arrivalMicroseconds - _current.LastArrival;
        var sendDelta = sendMicroseconds - _current.LastSend;
        return arrivalDelta - sendDelta < 0
            && arrivalDelta <= BurstMicroseconds
            && arrivalMicroseconds - _current.FirstArrival < MaxBurstMicroseconds;
    }

    private void Update(double delayDeltaMs, double sendDeltaMs, long arrivalMicroseconds)
    {
        if (_firstArrival < 0)
        {
            _firstArrival = arrivalMicroseconds;
        }

        _deltas = Math.Min(_deltas + 1, MaxDeltas);
        _accumulatedDelay += delayDeltaMs;
        _smoothedDelay = (Smoothing * _smoothedDelay) + ((1 - Smoothing) * _accumulatedDelay);
        _windowX[_windowNext] = (arrivalMicroseconds - _firstArrival) / 1000.0;
        _windowY[_windowNext] = _smoothedDelay;
        _windowNext = (_windowNext + 1) % WindowSize;
        _windowCount = Math.Min(_windowCount + 1, WindowSize);
        if (_windowCount == WindowSize)
        {
            Trend = Slope();
        }

        Detect(sendDeltaMs, arrivalMicroseconds);
    }

    private double Slope()
    {
        double meanX = 0, meanY = 0;
        for (var i = 0; i < _windowCount; i++)
        {
            meanX += _windowX[i];
            meanY += _windowY[i];
        }

        meanX /= _windowCount;
        meanY /= _windowCount;
        double numerator = 0, denominator = 0;
        for (var i = 0; i < _windowCount; i++)
        {
            numerator += (_windowX[i] - meanX) * (_windowY[i] - meanY);
            denominator += (_windowX[i] - meanX) * (_windowX[i] - meanX);
        }

        return denominator == 0 ? Trend : numerator / denominator;
    }

    private void Detect(double sendDeltaMs, long nowMicroseconds)
    {
        var modified = Math.Min(_deltas, MaxDeltas) * Trend * Gain;
        if (modified > _threshold)
        {
            _timeOverusing = _timeOverusing < 0 ? sendDeltaMs / 2 : _timeOverusing + sendDeltaMs;
            _overuseCount++;
            if (_timeOverusing > OverusingTimeMs && _overuseCount > 1 && Trend >= _previousTrend)
            {
                _timeOverusing = 0;
                _overuseCount = 0;
                State = BandwidthUsage.Overusing;
            }
        }
        else if (modified < -_threshold)
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Underusing;
        }
        else
        {
            _timeOverusing = -1;
            _overuseCount = 0;
            State = BandwidthUsage.Normal;
        }

        _previousTrend = Trend;
        AdaptThreshold(modified, nowMicroseconds);
    }

    /// <summary>§5.4: γ follows |m| slowly upward and faster downward, ignoring spikes (|m| − γ > 15), within 6–600.</summary>
    private void AdaptThreshold(double modified, long nowMicroseconds)
    {
        if (_lastThresholdUpdate < 0)
        {
            _lastThresholdUpdate = nowMicroseconds;
        }

        var magnitude = Math.Abs(modified);
        if (magnitude > _threshold + 15)
        {
            _lastThresholdUpdate = nowMicroseconds;
            return;
        }

        var k = magnitude < _threshold ? ThresholdDown : ThresholdUp;
        var elapsedMs = Math.Min((nowMicroseconds - _lastThresholdUpdate) / 1000.0, 100);
        _threshold = Math.Clamp(_threshold + (k * (magnitude - _threshold) * elapsedMs), 6, 600);
        _lastThresholdUpdate = nowMicroseconds;
    }

    private readonly record struct Group(long FirstSend, long LastSend, long FirstArrival, long LastArrival, int Size);
}
