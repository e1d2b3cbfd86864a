namespace Tandem.WebRtc.Congestion;

/// <summary>Hands a paced packet from a pooled <paramref name="buffer"/> to the wire (returning the buffer), sent in probe cluster <paramref name="probeClusterId"/> (-1: none).</summary>
internal delegate void PacedSend(byte[] buffer, int length, int probeClusterId);

/// <summary>Builds a padding packet of about <paramref name="size"/> bytes in a pooled buffer for a probe; false when there is none to send (no RTX stream, nothing sent yet).</summary>
internal delegate bool ProbePaddingFactory(int size, out byte[] buffer, out int length);

internal sealed partial class RtpPacer
{
    /// <summary>The cluster id of packets sent outside a probe.</summary>
    public const int NoCluster = -1;

    private const int MaxQueuedProbes = 4;

    private readonly Queue<ProbeCluster> _probes = new(MaxQueuedProbes);
    private ProbeCluster _probe;
    private bool _probing;
    private long _probeStart;
    private int _probePackets;
    private long _probeBytes;
    private long _probeClustersSent;

    /// <summary>Builds padding for probes; without it (or when it has none) a probe sends only what is queued.</summary>
    public ProbePaddingFactory? ProbePadding { get; init; }

    /// <summary>Probe clusters sent to the end.</summary>
    public long ProbeClustersSent => Interlocked.Read(ref _probeClustersSent);

    /// <summary>
    /// Sends <paramref name="cluster"/> (after those already asked for): from now, packets leave at its rate, the
    /// queued ones first, padding when the queue is empty, each tagged with its id, until it sent its minimum
    /// packets and bytes (libwebrtc's <c>BitrateProber</c>: the first packet at once, then each when the rate makes it
    /// due, the timer set for that moment). New video waits meanwhile unless the probe takes it. A probe that finds
    /// nothing to send is dropped.
    /// </summary>
    public void Probe(in ProbeCluster cluster)
    {
        lock (_lock)
        {
            if (_disposed || _probes.Count == MaxQueuedProbes)
            {
                return;
            }

            _probes.Enqueue(cluster);
            Refill();
            SendProbe();
            Drain();
            StartTimer();
        }
    }

    // Under _lock: sends what the current probe is due by now, starting the next queued one when it is done.
    private void SendProbe()
    {
        if (!_probing && !StartNextProbe())
        {
            return;
        }

        var now = _time.GetTimestamp();
        var due = (_probe.Bitrate * _time.GetElapsedTime(_probeStart, now).TotalSeconds / 8) - _probeBytes;
        while (_probePackets == 0 || due > 0)
        {
            if (!TryTakeProbePacket((int)Math.Max(due, 1), out var buffer, out var length, out var padding))
            {
                // Nothing to probe with: the cluster could not be measured anyway.
                _probing = false;
                _probes.Clear();
                return;
            }

            // Queued packets spend the budget they would have spent anyway; padding is extra and owes nothing.
            _budget -= padding ? 0 : length;
            _probePackets++;
            _probeBytes += length;
            due -= length;
            _send(buffer, length, _probe.Id);
        }

        // Complete only once the packets due by now left: a wake that came late (a loaded machine) sends what the schedule
        // owed first, so the cluster's span holds its rate, where ending on the first packet past the minimum would measure
        // the lateness as a slower link.
        if (_probePackets >= _probe.MinPackets && _probeBytes >= _probe.MinBytes)
        {
            Interlocked.Increment(ref _probeClustersSent);
            _probing = false;

            // The next cluster starts on the next tick: its first packet must not land inside this one's span.
            return;
        }

        WakeForNextProbePacket(now);
    }

    // Under _lock: the timer fires when the probe's next packet is due (libwebrtc's prober asks its pacer for exactly
    // that time), not on the next 5 ms tick. The estimator takes the cluster's rate from its packets' send times, and a
    // packet held to a later tick stretches the span: 3 Mbit/s clusters of 1 200 B packets measured 2.3–2.8 Mbit/s.
    private void WakeForNextProbePacket(long now)
    {
        var dueAt = _probeBytes * 8.0 / _probe.Bitrate;
        var wait = dueAt - _time.GetElapsedTime(_probeStart, now).TotalSeconds;

        // Whole milliseconds, rounded up: a timer due sooner could fire before the packet is due and spin.
        _timer.Change(TimeSpan.FromMilliseconds(Math.Max(Math.Ceiling(wait * 1000), 1)), Interval);
        _timerRunning = true;
    }

    private bool StartNextProbe()
    {
        if (!_probes.TryDequeue(out _probe))
        {
            return false;
        }

        _probing = true;
        _probeStart = _time.GetTimestamp();
        _probePackets = 0;
        _probeBytes = 0;
        return true;
    }

    private bool TryTakeProbePacket(int size, out byte[] buffer, out int length, out bool padding)
    {
        padding = false;
        if (TryPopQueued(out buffer, out length))
        {
            return true;
        }

        if (ProbePadding is { } factory && factory(size, out buffer, out length))
        {
            padding = true;
            return true;
        }

        buffer = [];
        length = 0;
        return false;
    }
}
