using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Tests.Congestion;

/// <summary>
/// A bottleneck in simulated time: a FIFO queue drained at <see cref="CapacityBps"/> (drops what would
/// wait longer than <see cref="MaxQueue"/>, as tbf does), a fixed one-way delay, optional random loss, outages.
/// A sender paces 1200-byte packets at the estimator's target; every 50 ms the receiver's feedback
/// (everything that arrived or was dropped by then) goes to the estimator.
/// </summary>
internal sealed class SimulatedLink(SendSideBandwidthEstimator estimator, long capacityBps, int seed = 1)
{
    private const int PacketSize = 1200;
    private readonly Random _random = new(seed);
    private readonly List<PacketFeedback> _pending = [];
    private readonly Queue<int> _held = new();
    private long _now;
    private long _linkFreeAt;
    private long _nextFeedback = -1;
    private double _encoderRate;
    private long _downUntil = -1;

    public long CapacityBps { get; set; } = capacityBps;

    /// <summary>How often the receiver reports (libwebrtc: 50–250 ms by its own send rate).</summary>
    public long FeedbackIntervalMicros { get; init; } = 50_000;

    /// <summary>The most the encoder makes whatever the target (0 = no limit).</summary>
    public long EncoderMaxBps { get; init; }

    public double LossRate { get; set; }

    public TimeSpan MaxQueue { get; set; } = TimeSpan.FromMilliseconds(400);

    public long OneWayDelayMicros { get; set; } = 20_000;

    /// <summary>
    /// A receiver that stalls (a busy machine's network thread, a router releasing a batch): every this often,
    /// what arrives during the next <see cref="StallMicros"/> is stamped when the stall ends, in one burst. 0 = never.
    /// </summary>
    public long StallEveryMicros { get; set; }

    /// <summary>How long each stall lasts.</summary>
    public long StallMicros { get; set; }

    /// <summary>
    /// When set, the sender is a video encoder instead of a smooth one: every this often a frame of the target's
    /// size leaves as a burst of packets paced at 2.5 × the target (as <see cref="RtpPacer"/> lets a frame go). 0 = smooth.
    /// </summary>
    public long FrameIntervalMicros { get; set; }

    /// <summary>
    /// How slowly the encoder's output follows the target (first order, this time constant; 0 = at once): a
    /// rate control that pays back the bits it owes after a cut, as x264's does.
    /// </summary>
    public long EncoderLagMicros { get; set; }

    /// <summary>
    /// When set, the sender keeps a congestion window as <see cref="RtpPacer"/> does: a packet leaves only while the
    /// bytes not yet in a feedback are below the window (else it waits in the sender until a feedback opens it),
    /// and the encoder follows the window's pushback.
    /// </summary>
    public CongestionWindow? Window { get; init; }

    /// <summary>The most bytes that waited in the sender for the window.</summary>
    public long MaxHeldBytes { get; private set; }

    /// <summary>Queueing delay of the last packet through the bottleneck, in ms.</summary>
    public double LastQueueDelayMs { get; private set; }

    public long PacketsDropped { get; private set; }

    /// <summary>When set, every packet through the bottleneck: its send time (µs) and its wait in the queue (ms).</summary>
    public List<(long At, double QueueMs)>? QueueLog { get; init; }

    /// <summary>Drops everything sent during the next <paramref name="duration"/> (an outage: no feedback comes back either).</summary>
    public void GoDown(TimeSpan duration) => _downUntil = _now + (long)duration.TotalMicroseconds;

    /// <summary>Holds the link for <paramref name="micros"/> from now (a stalled relay): what waits then leaves at its rate.</summary>
    public void Pause(long micros) => _linkFreeAt = Math.Max(_linkFreeAt, _now) + micros;

    /// <summary>Sends at the current target for <paramref name="duration"/> (or at <paramref name="fixedRateBps"/>, open loop).</summary>
    public void Run(TimeSpan duration, long? fixedRateBps = null, Action<long>? everySecond = null)
    {
        if (_nextFeedback < 0)
        {
            // The first feedback comes one interval in.
            _nextFeedback = FeedbackIntervalMicros;
        }

        var end = _now + (long)duration.TotalMicroseconds;
        var nextSecond = _now + 1_000_000;
        while (_now < end)
        {
            var rate = fixedRateBps ?? Window?.EncoderTarget(estimator.TargetBitrate) ?? estimator.TargetBitrate;
            if (EncoderMaxBps > 0)
            {
                rate = Math.Min(rate, EncoderMaxBps);
            }

            if (FrameIntervalMicros > 0)
            {
                _encoderRate = EncoderLagMicros == 0 || _encoderRate == 0
                    ? rate
                    : _encoderRate + ((rate - _encoderRate) * Math.Min(1.0, (double)FrameIntervalMicros / EncoderLagMicros));
                SendFrame((long)_encoderRate);
                _now += FrameIntervalMicros;
            }
            else
            {
                Send(_now, PacketSize);
                _now += PacketSize * 8L * 1_000_000 / rate;
            }

            while (_now >= _nextFeedback)
            {
                Feedback(_nextFeedback);
                _nextFeedback += FeedbackIntervalMicros;
            }

            if (_now >= nextSecond)
            {
                everySecond?.Invoke(estimator.TargetBitrate);
                nextSecond += 1_000_000;
            }
        }
    }

    private void SendFrame(long rate)
    {
        var bytes = (int)(rate * FrameIntervalMicros / 8_000_000);
        var packets = Math.Max(1, (bytes + PacketSize - 1) / PacketSize);
        var size = Math.Max(100, bytes / packets);
        var spacing = size * 8L * 1_000_000 / (long)(2.5 * rate);
        for (var i = 0; i < packets; i++)
        {
            if (Window is null)
            {
                Send(_now + (i * spacing), size);
            }
            else
            {
                _held.Enqueue(size);
            }
        }

        ReleaseHeld(_now, spacing);
    }

    // The window's pacer: what waits leaves, spaced, while the bytes no feedback has described are below the window.
    private void ReleaseHeld(long at, long spacing)
    {
        if (Window is null)
        {
            return;
        }

        MaxHeldBytes = Math.Max(MaxHeldBytes, _held.Sum());
        var inFlight = _pending.Sum(p => (long)p.Size);
        while (_held.Count > 0 && (Window.Bytes == 0 || inFlight < Window.Bytes))
        {
            var size = _held.Dequeue();
            Send(at, size);
            inFlight += size;
            at += spacing;
        }
    }

    private void Send(long at, int size)
    {
        if (at < _downUntil)
        {
            _pending.Add(new PacketFeedback(at, -1, size));
            return;
        }

        var start = Math.Max(at, _linkFreeAt);
        var wait = start - at;
        if (wait > MaxQueue.TotalMicroseconds)
        {
            PacketsDropped++;
            _pending.Add(new PacketFeedback(at, -1, size));
            return;
        }

        _linkFreeAt = start + (size * 8L * 1_000_000 / CapacityBps);
        LastQueueDelayMs = wait / 1000.0;
        QueueLog?.Add((at, LastQueueDelayMs));
        var lost = _random.NextDouble() < LossRate;
        _pending.Add(new PacketFeedback(at, lost ? -1 : Stamped(_linkFreeAt + OneWayDelayMicros), size));
    }

    // The time the receiver stamps on a packet that reached it at arrival: the end of the stall it fell in, if any.
    private long Stamped(long arrival)
    {
        if (StallEveryMicros == 0)
        {
            return arrival;
        }

        var intoPeriod = arrival % StallEveryMicros;
        return intoPeriod < StallMicros ? arrival - intoPeriod + StallMicros : arrival;
    }

    private void Feedback(long at)
    {
        // The receiver reports what was due by now (lost ones once a later packet arrived); the report takes the one-way delay back.
        var due = _pending.FindLastIndex(p => p.Received && p.ArrivalMicroseconds <= at);
        if (due < 0)
        {
            return;
        }

        var batch = _pending.GetRange(0, due + 1).ToArray();
        _pending.RemoveRange(0, due + 1);
        var now = at + OneWayDelayMicros;
        estimator.OnFeedback(batch, now);
        if (Window is not null)
        {
            Window.OnFeedback(now, estimator.TargetBitrate, estimator.AckedBitrate, _pending.Sum(p => (long)p.Size), _held.Sum());
            ReleaseHeld(Math.Max(now, _now), 1200 * 8L * 1_000_000 / (long)(2.5 * estimator.TargetBitrate));
        }
    }
}
