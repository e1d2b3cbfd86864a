using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// Measures lip sync at the receiver: for each video frame and audio packet, its transit is the
/// local arrival time minus the sender's capture time of its RTP timestamp (mapped through that
/// stream's latest RTCP SR, RFC 3550 §6.4.1). The offset is the median video transit minus the median
/// audio transit over each stream's last <see cref="Window"/> samples: how much later video arrives
/// than audio captured at the same instant, now. The unknown offset between the two machines' clocks
/// is in both transits and cancels out. Medians over a recent window, not means since the start, so
/// that a stall of one sender (frames captured on time but sent late, e.g. while a thread waited for
/// the CPU) shows as long as it lasts and then no longer moves the figure.
/// </summary>
public sealed class AvOffsetMeter
{
    /// <summary>Samples per stream the offset is taken over (about 4 s of video at 30 fps, 2.5 s of 20 ms audio).</summary>
    public const int Window = 128;

    // Receive-thread updates and status reads from other threads; a leaf lock.
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Func<PeerConnection, uint?> _videoSsrc;
    private readonly Func<PeerConnection, uint?> _audioSsrc;
    private readonly long[] _video = new long[Window];
    private readonly long[] _audio = new long[Window];
    private long _videoCount;
    private long _audioCount;

    /// <summary>Creates a meter reading arrival times from <paramref name="time"/> and the peer's SSRCs through the two functions.</summary>
    public AvOffsetMeter(TimeProvider time, Func<PeerConnection, uint?> videoSsrc, Func<PeerConnection, uint?> audioSsrc)
    {
        _time = time;
        _videoSsrc = videoSsrc;
        _audioSsrc = audioSsrc;
    }

    /// <summary>Median video transit minus median audio transit, recent samples; null until both streams were mapped.</summary>
    public TimeSpan? Offset
    {
        get
        {
            lock (_lock)
            {
                return _videoCount == 0 || _audioCount == 0
                    ? null
                    : TimeSpan.FromTicks(Median(_video, _videoCount) - Median(_audio, _audioCount));
            }
        }
    }

    /// <summary>A video frame with <paramref name="rtpTimestamp"/> arrived on <paramref name="connection"/>.</summary>
    public void OnVideo(PeerConnection connection, uint rtpTimestamp)
    {
        if (Transit(connection, _videoSsrc(connection), rtpTimestamp) is { } ticks)
        {
            AddVideoTransit(ticks);
        }
    }

    /// <summary>An audio packet with <paramref name="rtpTimestamp"/> arrived on <paramref name="connection"/>.</summary>
    public void OnAudio(PeerConnection connection, uint rtpTimestamp)
    {
        if (Transit(connection, _audioSsrc(connection), rtpTimestamp) is { } ticks)
        {
            AddAudioTransit(ticks);
        }
    }

    internal void AddVideoTransit(long ticks)
    {
        lock (_lock)
        {
            _video[_videoCount++ % Window] = ticks;
        }
    }

    internal void AddAudioTransit(long ticks)
    {
        lock (_lock)
        {
            _audio[_audioCount++ % Window] = ticks;
        }
    }

    private static long Median(long[] ring, long count)
    {
        int n = (int)Math.Min(count, Window);
        Span<long> sorted = stackalloc long[Window];
        sorted = sorted[..n];
        ring.AsSpan(0, n).CopyTo(sorted);
        sorted.Sort();
        return n % 2 == 1 ? sorted[n / 2] : (sorted[(n / 2) - 1] + sorted[n / 2]) / 2;
    }

    private long? Transit(PeerConnection connection, uint? ssrc, uint rtpTimestamp) =>
        ssrc is { } s && connection.MediaTimeline is { } timeline && timeline.TryGetSenderTime(s, rtpTimestamp, out var sent)
            ? (_time.GetUtcNow() - sent).Ticks
            : null;
}
