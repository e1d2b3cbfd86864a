using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// Measures lip sync at the receiver: for each video frame and audio packet, its transit is the
/// local arrival time minus the sender's capture time of its RTP timestamp (mapped through that
/// stream's latest RTCP SR, RFC 3550 §6.4.1). The offset is the mean video transit minus the mean
/// audio transit: how much later video arrives than audio captured at the same instant. The unknown
/// offset between the two machines' clocks is in both transits and cancels out.
/// </summary>
public sealed class AvOffsetMeter
{
    // Receive-thread updates and status reads from other threads; a leaf lock.
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly Func<PeerConnection, uint?> _videoSsrc;
    private readonly Func<PeerConnection, uint?> _audioSsrc;
    private double _videoTransitSum;
    private long _videoCount;
    private double _audioTransitSum;
    private long _audioCount;

    /// <summary>Creates a meter reading arrival times from <paramref name="time"/> and the peer's SSRCs through the two functions.</summary>
    public AvOffsetMeter(TimeProvider time, Func<PeerConnection, uint?> videoSsrc, Func<PeerConnection, uint?> audioSsrc)
    {
        _time = time;
        _videoSsrc = videoSsrc;
        _audioSsrc = audioSsrc;
    }

    /// <summary>Mean video transit minus mean audio transit; null until both streams were mapped.</summary>
    public TimeSpan? Offset
    {
        get
        {
            lock (_lock)
            {
                return _videoCount == 0 || _audioCount == 0
                    ? null
                    : TimeSpan.FromTicks((long)((_videoTransitSum / _videoCount) - (_audioTransitSum / _audioCount)));
            }
        }
    }

    /// <summary>A video frame with <paramref name="rtpTimestamp"/> arrived on <paramref name="connection"/>.</summary>
    public void OnVideo(PeerConnection connection, uint rtpTimestamp)
    {
        if (Transit(connection, _videoSsrc(connection), rtpTimestamp) is { } ticks)
        {
            lock (_lock)
            {
                _videoTransitSum += ticks;
                _videoCount++;
            }
        }
    }

    /// <summary>An audio packet with <paramref name="rtpTimestamp"/> arrived on <paramref name="connection"/>.</summary>
    public void OnAudio(PeerConnection connection, uint rtpTimestamp)
    {
        if (Transit(connection, _audioSsrc(connection), rtpTimestamp) is { } ticks)
        {
            lock (_lock)
            {
                _audioTransitSum += ticks;
                _audioCount++;
            }
        }
    }

    private long? Transit(PeerConnection connection, uint? ssrc, uint rtpTimestamp) =>
        ssrc is { } s && connection.MediaTimeline is { } timeline && timeline.TryGetSenderTime(s, rtpTimestamp, out var sent)
            ? (_time.GetUtcNow() - sent).Ticks
            : null;
}
