namespace Tandem.WebRtc.Congestion;

/// <summary>
/// A bound on the data in flight (sent, not yet described by transport-wide feedback) and the encoder pushback that
/// goes with it, as libwebrtc's goog_cc congestion window and <c>CongestionWindowPushbackController</c> do: the
/// window is what the target — or the rate the receiver got, when higher: the link carries that much whatever the
/// estimate says, as at the start, before the estimate has caught up — carries in a round trip, the receiver's feedback
/// interval and <see cref="QueueTime"/> more; the pacer holds new video while the window is full (<see cref="RtpPacer.SetCongestionWindow"/>), so after a
/// step down the link's queue cannot grow past about <see cref="QueueTime"/> while the estimator is still learning
/// the new rate, and the sender stops sending into a dead link. What the window and the pacer's queue hold beyond the
/// window pushes the encoder's target down (by 5 or 10 % a feedback), and lets it back up as they empty — so frames
/// made at the old rate do not pile up in the pacer. Not thread-safe (the media session updates it under its receive lock).
/// </summary>
internal sealed class CongestionWindow
{
    /// <summary>The queue on the path the window allows beyond a round trip and a feedback interval.</summary>
    public static readonly TimeSpan QueueTime = TimeSpan.FromMilliseconds(100);

    /// <summary>Never smaller than two full packets (libwebrtc's minimum).</summary>
    public const long MinimumBytes = 2 * 1500;

    /// <summary>The encoder is never pushed below this (bits per second), as libwebrtc's 30 kbit/s.</summary>
    public const long MinimumPushbackBitrate = 30_000;

    // The receiver's feedback interval is taken as at most this (libwebrtc's largest is 250 ms).
    private const long MaximumFeedbackIntervalMicroseconds = 250_000;

    // Until measured: libwebrtc's default feedback interval.
    private const long DefaultFeedbackIntervalMicroseconds = 100_000;

    private long _lastFeedback = -1;
    private double _feedbackIntervalMicroseconds = DefaultFeedbackIntervalMicroseconds;
    private bool _feedbackIntervalMeasured;

    /// <summary>The window in bytes; 0 until the first feedback (no bound before the receiver is heard).</summary>
    public long Bytes { get; private set; }

    /// <summary>The share of the target the encoder is given (0–1).</summary>
    public double PushbackRatio { get; private set; } = 1;

    /// <summary>The round-trip time (from RTCP reports; 100 ms until the first, as the rate controller assumes).</summary>
    public TimeSpan RoundTripTime { get; set; } = TimeSpan.FromMilliseconds(100);

    /// <summary>The receiver's feedback interval as seen so far (a moving average of the gaps between feedbacks).</summary>
    public TimeSpan FeedbackInterval => TimeSpan.FromMicroseconds(_feedbackIntervalMicroseconds);

    /// <summary>
    /// A feedback arrived at <paramref name="nowMicroseconds"/>: the window follows <paramref name="targetBitrate"/> or the rate the
    /// receiver got (<paramref name="ackedBitrate"/>), whichever is higher, and the pushback what is in flight
    /// (<paramref name="bytesInFlight"/>) and queued in the pacer (<paramref name="queuedBytes"/>).
    /// </summary>
    public void OnFeedback(long nowMicroseconds, long targetBitrate, long? ackedBitrate, long bytesInFlight, long queuedBytes)
    {
        if (_lastFeedback >= 0)
        {
            var gap = Math.Min(nowMicroseconds - _lastFeedback, MaximumFeedbackIntervalMicroseconds);
            _feedbackIntervalMicroseconds = _feedbackIntervalMeasured ? (0.9 * _feedbackIntervalMicroseconds) + (0.1 * gap) : gap;
            _feedbackIntervalMeasured = true;
        }

        _lastFeedback = nowMicroseconds;
        var seconds = (RoundTripTime + FeedbackInterval + QueueTime).TotalSeconds;
        Bytes = Math.Max(MinimumBytes, (long)(Math.Max(targetBitrate, ackedBitrate ?? 0) * seconds / 8));
        UpdatePushback(bytesInFlight + queuedBytes);
    }

    /// <summary>What the encoder should aim at for the connection's <paramref name="targetBitrate"/>.</summary>
    public long EncoderTarget(long targetBitrate) =>
        PushbackRatio >= 1 ? targetBitrate : Math.Min(targetBitrate, Math.Max(MinimumPushbackBitrate, (long)(targetBitrate * PushbackRatio)));

    // libwebrtc's steps: well over the window, 10 % less a feedback; over it, 5 %; nearly empty, all of it at once; else 5 % back.
    private void UpdatePushback(long bytes)
    {
        var fill = (double)bytes / Bytes;
        PushbackRatio = fill switch
        {
            > 1.5 => PushbackRatio * 0.9,
            > 1 => PushbackRatio * 0.95,
            < 0.1 => 1,
            _ => Math.Min(1, PushbackRatio * 1.05),
        };
        PushbackRatio = Math.Max(PushbackRatio, 0.01);
    }
}
