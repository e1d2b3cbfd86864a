namespace Tandem.WebRtc.Congestion;

internal sealed partial class RtpPacer
{
    // While the window is full, one packet still leaves this often (libwebrtc's congested packet interval): with
    // nothing else in flight, its feedback is what opens the window again.
    private static readonly TimeSpan CongestedSendInterval = TimeSpan.FromMilliseconds(500);

    private long _congestionWindow;
    private long _lastSend;

    /// <summary>The bytes in flight (sent, no feedback yet) that <see cref="SetCongestionWindow"/> bounds; null: no bound.</summary>
    public Func<long>? BytesInFlight { get; init; }

    /// <summary>Whether new video is being held because the congestion window is full.</summary>
    public bool Congested { get { lock (_lock) { return IsCongested(); } } }

    /// <summary>
    /// Holds new video while <see cref="BytesInFlight"/> is at least <paramref name="bytes"/> (0: no bound; see
    /// <see cref="CongestionWindow"/>); retransmissions still go, since a frame waits for them.
    /// </summary>
    public void SetCongestionWindow(long bytes)
    {
        lock (_lock)
        {
            _congestionWindow = Math.Max(bytes, 0);
        }
    }

    // Under _lock: the next packet the window lets go — retransmissions always, new video while the window has room
    // or once per CongestedSendInterval.
    private bool TryPopSendable(out byte[] buffer, out int length)
    {
        if (_retransmissions.Count == 0 && _video.Count > 0 && IsCongested()
            && _time.GetElapsedTime(_lastSend) < CongestedSendInterval)
        {
            buffer = [];
            length = 0;
            return false;
        }

        if (!TryPopQueued(out buffer, out length))
        {
            return false;
        }

        _lastSend = _time.GetTimestamp();
        return true;
    }

    private bool IsCongested() => _congestionWindow > 0 && BytesInFlight is { } inFlight && inFlight() >= _congestionWindow;
}
