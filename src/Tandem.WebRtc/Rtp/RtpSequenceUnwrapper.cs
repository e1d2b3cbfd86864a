namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Turns 16-bit sequence numbers into a monotonic 64-bit counter: each value is placed at the
/// unwrapped position closest to the last one seen (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.1 keeps a cycle count for the same purpose).
/// </summary>
internal struct RtpSequenceUnwrapper
{
    private long _last;
    private bool _started;

    /// <summary>The last unwrapped value returned, or -1 before the first call.</summary>
    public readonly long Last => _started ? _last : -1;

    /// <summary>Unwraps <paramref name="sequenceNumber"/> and makes it the new reference point.</summary>
    public long Unwrap(ushort sequenceNumber)
    {
        var value = Peek(sequenceNumber);
        _last = value;
        _started = true;
        return value;
    }

    /// <summary>Unwraps without moving the reference point.</summary>
    public readonly long Peek(ushort sequenceNumber)
    {
        if (!_started)
        {
            // Start a full cycle in so that a slightly older packet never unwraps below zero.
            return (1L << 16) + sequenceNumber;
        }

        return _last + RtpSequenceNumber.Distance((ushort)_last, sequenceNumber);
    }
}
