using Tandem.WebRtc.Congestion;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    // The sender is application-limited when it sent less than this share of the target (libwebrtc's ALR detector's 65 %).
    private const double ApplicationLimitedShare = 0.65;

    // The controller and the probe estimator are used by the receive thread (feedback) only; the lock keeps them
    // consistent should feedback arrive on two threads. Lock order: after _unprotectLock, before the pacer's lock.
    private readonly Lock _probeLock = new();
    private readonly ProbeController _probeController;
    private readonly ProbeBitrateEstimator _probeEstimator = new();

    // Media sent (probe packets left out, under _protectLock), and the most of it seen: what the encoders can use.
    private readonly WindowedBitrate _mediaRate = new();
    private long _peakMediaRate;
    private long _probeResults;

    /// <summary>Probe clusters the pacer sent to the end.</summary>
    internal long ProbeClustersSent => _pacer?.ProbeClustersSent ?? 0;

    /// <summary>Feedback packets in which a probe cluster's packets gave a rate (a cluster reported over two counts twice).</summary>
    internal long ProbeResults => Interlocked.Read(ref _probeResults);

    /// <summary>The feedback of probe packets: a cluster's measured rate raises the estimate when it is above it.</summary>
    private void OnProbeFeedback(ReadOnlySpan<PacketFeedback> packets, long nowMicroseconds)
    {
        if (_pacer is null || !_options.Probing)
        {
            return;
        }

        long? result = null;
        lock (_probeLock)
        {
            foreach (var packet in packets)
            {
                if (packet.ProbeClusterId >= 0 && _probeEstimator.OnPacket(packet, nowMicroseconds) is { } rate)
                {
                    result = rate;
                }
            }
        }

        if (result is { } bitrate)
        {
            Interlocked.Increment(ref _probeResults);
            BandwidthEstimator.OnProbeResult(bitrate);
        }
    }

    /// <summary>After each feedback: asks the controller whether to probe, and hands its clusters to the pacer.</summary>
    private void MaybeProbe(long nowMicroseconds)
    {
        if (_pacer is not { } pacer || !_options.Probing || !HasProbePadding())
        {
            return;
        }

        var target = BandwidthEstimator.TargetBitrate;
        long? media;
        lock (_protectLock)
        {
            media = _mediaRate.BitsPerSecond;
            _peakMediaRate = Math.Max(_peakMediaRate, media ?? 0);
        }

        var applicationLimited = media is { } sent && sent < ApplicationLimitedShare * target;
        lock (_probeLock)
        {
            _probeController.AllocatedBitrate = Math.Max(_peakMediaRate, Math.Max(_options.ExpectedMediaBitrate, _options.StartBitrate));
            foreach (var cluster in _probeController.OnEstimate(target, BandwidthEstimator.Usage, applicationLimited, nowMicroseconds, BandwidthEstimator.Draining))
            {
                _probeEstimator.OnClusterStarted(cluster, nowMicroseconds);
                pacer.Probe(cluster);
            }
        }
    }

    /// <summary>Called under _protectLock for each stamped packet: counts media, not probe padding or probe-sent packets.</summary>
    private void CountMedia(int length, long nowMicroseconds, int probeClusterId)
    {
        if (probeClusterId < 0)
        {
            _mediaRate.OnPacket(nowMicroseconds, length);
        }
    }

    // The initial probe waits for the first video packet, as libwebrtc's prober waits for media: padding takes its timestamp
    // from it, and a probe started on the first feedback (for audio, while the encoder still makes its first keyframe)
    // found nothing to send, was dropped, and left the rate to grow 8 %/s from the start rate.
    private bool HasProbePadding() => Array.Exists(Volatile.Read(ref _senders), s => s.CanPad);

    /// <summary>The pacer's padding for probes: a padding-only packet on the first stream with RTX.</summary>
    private bool CreateProbePadding(int size, out byte[] buffer, out int length)
    {
        foreach (var sender in Volatile.Read(ref _senders))
        {
            if (sender.RtxSsrc == 0)
            {
                continue;
            }

            buffer = RentBuffer();
            if (sender.TryCreatePadding(buffer.AsSpan(0, RtpCapacity), size, out length))
            {
                return true;
            }

            ReturnBuffer(buffer);
        }

        buffer = [];
        length = 0;
        return false;
    }
}
