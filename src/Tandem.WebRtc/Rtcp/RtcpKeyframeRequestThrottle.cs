namespace Tandem.WebRtc.Rtcp;

/// <summary>
/// Rate limit for keyframe requests (PLI, RFC 4585 §6.3.1; FIR, RFC 5104 §4.3.1,
/// https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1). A receiver uses it so a burst of damaged
/// frames sends one PLI, not one per frame; a sender uses it so a burst of PLIs/FIRs asks the encoder
/// for one keyframe, since each costs a large frame. It also numbers FIR commands (RFC 5104 §4.3.1.1:
/// the sequence number grows by one per new request). Thread-safe: requests come from the receive
/// path and the decoder.
/// </summary>
internal sealed class RtcpKeyframeRequestThrottle
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private long _last;
    private bool _any;
    private byte _firSequence;

    /// <summary>Allows one request per <paramref name="minInterval"/> (default 300 ms).</summary>
    public RtcpKeyframeRequestThrottle(TimeSpan? minInterval = null, TimeProvider? timeProvider = null)
    {
        MinInterval = minInterval ?? TimeSpan.FromMilliseconds(300);
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>Shortest time between two requests let through.</summary>
    public TimeSpan MinInterval { get; }

    /// <summary>Requests let through so far.</summary>
    public int Granted { get; private set; }

    /// <summary>True if a request may go out now (and records it); false while within <see cref="MinInterval"/> of the last one.</summary>
    public bool TryRequest()
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            return TryGrant(now);
        }
    }

    /// <summary>Like <see cref="TryRequest"/>, and returns the FIR sequence number to send with it.</summary>
    public bool TryRequestFir(out byte sequenceNumber)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            sequenceNumber = 0;
            if (!TryGrant(now))
            {
                return false;
            }

            sequenceNumber = _firSequence++;
            return true;
        }
    }

    // Caller holds _lock.
    private bool TryGrant(long now)
    {
        if (_any && _time.GetElapsedTime(_last, now) < MinInterval)
        {
            return false;
        }

        _any = true;
        _last = now;
        Granted++;
        return true;
    }
}
