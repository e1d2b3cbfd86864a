namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Turns 32-bit RTP timestamps (RFC 3550 §5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1,
/// wrapping modulo 2^32) into a monotonic 64-bit timeline, each value placed closest to the last one seen.
/// </summary>
internal struct RtpTimestampUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>Unwraps <paramref name="timestamp"/> and makes it the new reference point.</summary>
    public long Unwrap(uint timestamp)
    {
        // Start one wrap in so a slightly older timestamp never unwraps below zero.
        _last = _started ? _last + (int)(timestamp - (uint)_last) : (1L << 32) + timestamp;
        _started = true;
        return _last;
    }
}
