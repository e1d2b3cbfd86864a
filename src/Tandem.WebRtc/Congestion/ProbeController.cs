namespace Tandem.WebRtc.Congestion;

/// <summary>
/// Decides when to probe for spare capacity (libwebrtc's goog_cc <c>ProbeController</c>, learned from, with its
/// constants): without probes the estimate only rises by the rate controller's increase, which finds the
/// capacity by growing a queue. Probes are asked for
/// <list type="bullet">
/// <item>once the connection carries media: two clusters at 3× and 6× the start rate; then, while each result
/// reaches 70 % of what was probed, one more at twice the estimate (within 1 s of the last), until a cluster is at the
/// maximum. When a second passed and none of them raised the estimate (their packets came back bunched — a relay, Wi-Fi
/// aggregation — so that the receive rate was impossible, or lost), the pair again from the estimate then, up to
/// <see cref="InitialAttempts"/> times in all: without a result the estimate climbs 8 %/s from the start rate (our
/// addition; libwebrtc probes once);</item>
/// <item>after a large drop (the estimate falling below 66 % of what it was), once the detector is back to
/// normal within 5 s: one cluster at 85 % of the rate before the drop, in case the link recovered
/// ("rapid recovery"; at most one per 5 s) — unless the drop found a standing queue, and with it the link's rate:
/// a probe just after draining it measured mostly what a shaper's bucket lets through at once (bench/bwe.sh,
/// 1.5 Mbit/s on a 1 Mbit/s link), and the estimate it raised built the queue again;</item>
/// <item>every 5 s while the sender is application-limited (sends well below the estimate, so the feedback
/// cannot show whether more would get through): one cluster at twice the estimate.</item>
/// </list>
/// Probe rates never exceed the configured maximum nor twice <see cref="AllocatedBitrate"/> (libwebrtc probes up to
/// twice the encoders' maximum: room for a bursty stream, but no estimate far above anything the sender could use,
/// which would only let the pacer release bursts at a multiple of it), and a probe not above the estimate is not sent.
/// Not thread-safe.
/// </summary>
internal sealed class ProbeController
{
    private const double FurtherProbeThreshold = 0.7;
    private const double DropThreshold = 0.66;
    private const double RecoveryFraction = 0.85;
    private const long ResultWaitMicroseconds = 1_000_000;
    private const long DropWindowMicroseconds = 5_000_000;
    private const long RecoveryIntervalMicroseconds = 5_000_000;
    private const long AlrProbeIntervalMicroseconds = 5_000_000;

    // An estimate below this share of the start rate a second after the initial probes means none of them gave a result.
    private const double NoResultShare = 1.5;

    /// <summary>How often the initial probes are sent when none of them gives a result.</summary>
    public const int InitialAttempts = 3;

    private readonly long _maximum;
    private State _state = State.Init;
    private int _nextId;
    private long _lastEstimate;
    private long _minBitrateToProbeFurther = long.MaxValue;
    private long _waitingSince;
    private long _bitrateBeforeDrop;
    private long _dropAt = long.MinValue;
    private long _lastRecoveryProbe = long.MinValue;
    private long _lastAlrProbe = long.MinValue;
    private long _initialStart;
    private long _initialAt;
    private int _initialAttempts;

    /// <summary>A controller whose probes stay at or below <paramref name="maximumBitrate"/>.</summary>
    public ProbeController(long maximumBitrate) => _maximum = maximumBitrate;

    /// <summary>The most the sender's media is known to use, in bits per second (0: unknown); probes stay within twice it.</summary>
    public long AllocatedBitrate { get; set; }

    /// <summary>
    /// The estimate after an update at <paramref name="nowMicroseconds"/>, with the detector's state and whether the
    /// sender is application-limited. Returns the clusters to send now (none most of the time). While
    /// <paramref name="queueDraining"/> (<see cref="QueueDrain"/>: the decrease found a standing queue) a drop is the
    /// link's rate, measured, not a false alarm to recover from: it asks for no recovery probe.
    /// </summary>
    public ProbeCluster[] OnEstimate(long estimate, BandwidthUsage usage, bool applicationLimited, long nowMicroseconds, bool queueDraining = false)
    {
        var previous = _lastEstimate;
        _lastEstimate = estimate;
        if (_state == State.Init)
        {
            // The start rate is the estimate before any feedback moved it.
            _initialStart = estimate;
            return StartExponential(estimate, nowMicroseconds);
        }

        if (estimate >= NoResultShare * _initialStart)
        {
            // An initial probe was heard (or the rate found the link without it): never again.
            _initialAttempts = InitialAttempts;
        }
        else if (_initialAttempts < InitialAttempts && usage == BandwidthUsage.Normal && nowMicroseconds - _initialAt > ResultWaitMicroseconds)
        {
            return StartExponential(estimate, nowMicroseconds);
        }

        if (previous > 0 && estimate < DropThreshold * previous)
        {
            _bitrateBeforeDrop = previous;
            _dropAt = nowMicroseconds;
        }

        if (queueDraining)
        {
            _dropAt = long.MinValue;
        }

        if (_state == State.WaitingForResult && nowMicroseconds - _waitingSince > ResultWaitMicroseconds)
        {
            _state = State.Done;
        }

        if (_state == State.WaitingForResult && estimate > _minBitrateToProbeFurther)
        {
            return Exponential(estimate, nowMicroseconds, 2 * estimate);
        }

        if (_dropAt != long.MinValue && usage == BandwidthUsage.Normal && nowMicroseconds - _dropAt <= DropWindowMicroseconds
            && (_lastRecoveryProbe == long.MinValue || nowMicroseconds - _lastRecoveryProbe >= RecoveryIntervalMicroseconds))
        {
            _dropAt = long.MinValue;
            var target = (long)(RecoveryFraction * _bitrateBeforeDrop);
            if (target > estimate)
            {
                _lastRecoveryProbe = nowMicroseconds;
                return Clusters(estimate, target);
            }
        }

        if (applicationLimited && (_lastAlrProbe == long.MinValue || nowMicroseconds - _lastAlrProbe >= AlrProbeIntervalMicroseconds))
        {
            _lastAlrProbe = nowMicroseconds;
            return Clusters(estimate, 2 * estimate);
        }

        if (!applicationLimited)
        {
            // The interval counts from when the sender became application-limited, not from an old probe.
            _lastAlrProbe = nowMicroseconds;
        }

        return [];
    }

    private ProbeCluster[] StartExponential(long start, long nowMicroseconds)
    {
        _lastAlrProbe = nowMicroseconds;
        _initialAt = nowMicroseconds;
        _initialAttempts++;
        return Exponential(start, nowMicroseconds, 3 * start, 6 * start);
    }

    // Probes at bitrates and waits for their results to probe further, unless one of them reached the most probes go to:
    // there is nothing above it to look for, and probing at it again would only repeat a measurement (libwebrtc's
    // probe_further = false), sending a cluster of padding at the maximum after every result just short of it.
    private ProbeCluster[] Exponential(long estimate, long nowMicroseconds, params ReadOnlySpan<long> bitrates)
    {
        _waitingSince = nowMicroseconds;
        var clusters = Clusters(estimate, bitrates, out var reachedMaximum);
        if (clusters.Length == 0 || reachedMaximum)
        {
            _state = State.Done;
            _minBitrateToProbeFurther = long.MaxValue;
            return clusters;
        }

        _state = State.WaitingForResult;
        _minBitrateToProbeFurther = (long)(FurtherProbeThreshold * clusters[^1].Bitrate);
        return clusters;
    }

    private ProbeCluster[] Clusters(long estimate, params ReadOnlySpan<long> bitrates) => Clusters(estimate, bitrates, out _);

    private ProbeCluster[] Clusters(long estimate, ReadOnlySpan<long> bitrates, out bool reachedMaximum)
    {
        var count = 0;
        var maximum = AllocatedBitrate > 0 ? Math.Min(_maximum, 2 * AllocatedBitrate) : _maximum;
        Span<long> chosen = stackalloc long[bitrates.Length];
        reachedMaximum = false;
        foreach (var bitrate in bitrates)
        {
            reachedMaximum |= bitrate >= maximum;
            var capped = Math.Min(bitrate, maximum);
            if (capped > estimate && (count == 0 || capped > chosen[count - 1]))
            {
                chosen[count++] = capped;
            }
        }

        if (count == 0)
        {
            return [];
        }

        var clusters = new ProbeCluster[count];
        for (var i = 0; i < count; i++)
        {
            clusters[i] = ProbeCluster.Create(_nextId++, chosen[i]);
        }

        return clusters;
    }

    private enum State
    {
        Init,
        WaitingForResult,
        Done,
    }
}
