using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Media;

/// <summary>
/// The receiver's common timeline of the streams one peer sends (one CNAME): maps an RTP timestamp
/// of any stream to the sender's wall clock through that stream's latest RTCP sender report
/// (RFC 3550 §6.4.1), and to a local presentation time at which every stream can play it in sync.
/// Fed by its <see cref="RtpMediaSession"/> (received SRs and RTP arrivals); thread-safe.
/// </summary>
/// <remarks>
/// The presentation time of sender instant <c>t</c> is <c>t + D + <see cref="ExtraPlayoutDelay"/></c>,
/// where <c>D</c> is the largest transit (local arrival minus sender time) seen on any stream over
/// the last one to two <see cref="TransitWindow"/>s of media. Transit includes the unknown offset between
/// the two wall clocks, which cancels out: only differences between streams matter for lip sync, and the
/// slowest stream sets when both play. The windows slide with the RTP arrivals, not with the time of the
/// question: a stream that pauses while another plays drops out, and once every stream is quiet the
/// offset stays what it was at the last packet, so media already received can still be placed.
/// </remarks>
public sealed partial class RtpMediaTimeline
{
    /// <summary>Streams remembered at once; a new SSRC beyond this replaces the longest-idle one.</summary>
    public const int MaxStreams = 8;

    /// <summary>How long a transit maximum is remembered (between one and two windows).</summary>
    public static readonly TimeSpan TransitWindow = TimeSpan.FromSeconds(2);

    // Guards _streams and every StreamClock's fields: SRs and packets arrive on the receive thread while
    // the application asks for times from its playout threads. A leaf lock: nothing is called under it.
    private readonly Lock _lock = new();
    private readonly StreamClock[] _streams = new StreamClock[MaxStreams];
    private readonly TimeProvider _timeProvider;
    private int _count;
    private long _extraDelayTicks;

    // The latest RTP arrival on any stream: the "now" of the transit windows. Not the clock at question
    // time: an app that plays out or analyses media after the packets stopped (a pause, the end of a
    // call, a busy thread) must still place what it received, with the offset it arrived under.
    private DateTimeOffset _latestArrival = DateTimeOffset.MinValue;

    /// <summary>Creates an empty timeline reading arrival times from <paramref name="timeProvider"/>.</summary>
    public RtpMediaTimeline(TimeProvider timeProvider)
    {
        ArgumentNullException.ThrowIfNull(timeProvider);
        _timeProvider = timeProvider;
    }

    /// <summary>Margin added to every presentation time for jitter and NACK repair (default zero).</summary>
    public TimeSpan ExtraPlayoutDelay
    {
        get => TimeSpan.FromTicks(Interlocked.Read(ref _extraDelayTicks));
        set
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(value, TimeSpan.Zero);
            Interlocked.Exchange(ref _extraDelayTicks, value.Ticks);
        }
    }

    /// <summary>The latest sender report of <paramref name="ssrc"/>; false before one arrived or while its clock rate is unknown.</summary>
    internal bool TryGetMapping(uint ssrc, out RtpSenderReportMapping mapping)
    {
        lock (_lock)
        {
            var stream = Find(ssrc);
            if (stream is null || !stream.HasReport || stream.ClockRate == 0)
            {
                mapping = default;
                return false;
            }

            mapping = stream.Mapping;
            return true;
        }
    }

    /// <summary>The sender's wall-clock time of <paramref name="rtpTimestamp"/> on stream <paramref name="ssrc"/>; false before its first SR.</summary>
    public bool TryGetSenderTime(uint ssrc, uint rtpTimestamp, out DateTimeOffset senderTime)
    {
        if (TryGetMapping(ssrc, out var mapping))
        {
            senderTime = mapping.ToSenderTime(rtpTimestamp);
            return true;
        }

        senderTime = default;
        return false;
    }

    /// <summary>The sender's wall-clock time of <paramref name="rtpTimestamp"/> on the stream <paramref name="receiver"/> receives.</summary>
    internal bool TryGetSenderTime(RtpStreamReceiver receiver, uint rtpTimestamp, out DateTimeOffset senderTime)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return TryGetSenderTime(receiver.RemoteSsrc, rtpTimestamp, out senderTime);
    }

    /// <summary>
    /// The offset from sender wall-clock time to local presentation time, the same for every stream
    /// (see the remarks); false until some stream has both an SR and an RTP packet, and while every
    /// such stream has been quiet for two windows as another stream played.
    /// </summary>
    public bool TryGetPlayoutOffset(out TimeSpan offset)
    {
        lock (_lock)
        {
            long? largest = null;
            for (var i = 0; i < _count; i++)
            {
                if (_streams[i].TryGetTransit(_latestArrival, out var transit) && (largest is null || transit > largest))
                {
                    largest = transit;
                }
            }

            offset = largest is { } ticks ? TimeSpan.FromTicks(ticks) + ExtraPlayoutDelay : default;
            return largest is not null;
        }
    }

    /// <summary>
    /// When to present the media stamped <paramref name="rtpTimestamp"/> on stream
    /// <paramref name="ssrc"/>, on the local clock (the session's <see cref="TimeProvider"/>), so
    /// that all streams of the sender play in sync; false before the stream's first SR.
    /// </summary>
    public bool TryGetPresentationTime(uint ssrc, uint rtpTimestamp, out DateTimeOffset presentationTime)
    {
        if (TryGetSenderTime(ssrc, rtpTimestamp, out var senderTime) && TryGetPlayoutOffset(out var offset))
        {
            presentationTime = senderTime + offset;
            return true;
        }

        presentationTime = default;
        return false;
    }

    /// <summary>When to present <paramref name="rtpTimestamp"/> of the stream <paramref name="receiver"/> receives (see the other overload).</summary>
    internal bool TryGetPresentationTime(RtpStreamReceiver receiver, uint rtpTimestamp, out DateTimeOffset presentationTime)
    {
        ArgumentNullException.ThrowIfNull(receiver);
        return TryGetPresentationTime(receiver.RemoteSsrc, rtpTimestamp, out presentationTime);
    }

    /// <summary>Records a received SR; <paramref name="clockRate"/> is 0 while no RTP packet of the stream was routed yet.</summary>
    internal void OnSenderReport(uint ssrc, in RtcpSenderInfo info, int clockRate)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            FindOrAdd(ssrc, now).OnSenderReport(info, clockRate, now);
        }
    }

    /// <summary>Records the arrival of an RTP packet of a stream with a known clock rate. No allocation once the stream is known.</summary>
    internal void OnRtpArrival(uint ssrc, uint rtpTimestamp, int clockRate)
    {
        lock (_lock)
        {
            var now = _timeProvider.GetUtcNow();
            _latestArrival = now > _latestArrival ? now : _latestArrival;
            FindOrAdd(ssrc, now).OnRtpArrival(rtpTimestamp, clockRate, now);
        }
    }

    private StreamClock? Find(uint ssrc)
    {
        for (var i = 0; i < _count; i++)
        {
            if (_streams[i].Ssrc == ssrc)
            {
                return _streams[i];
            }
        }

        return null;
    }

    private StreamClock FindOrAdd(uint ssrc, DateTimeOffset now)
    {
        if (Find(ssrc) is { } found)
        {
            return found;
        }

        var stream = new StreamClock(ssrc, now);
        if (_count < MaxStreams)
        {
            _streams[_count++] = stream;
            return stream;
        }

        var idlest = 0;
        for (var i = 1; i < _count; i++)
        {
            if (_streams[i].LastSeen < _streams[idlest].LastSeen)
            {
                idlest = i;
            }
        }

        _streams[idlest] = stream;
        return stream;
    }
}
