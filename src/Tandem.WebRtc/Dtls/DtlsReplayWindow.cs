namespace Tandem.WebRtc.Dtls;

/// <summary>
/// RFC 6347 §4.1.2.6 anti-replay: a sliding window of the last 64 sequence numbers of one epoch,
/// anchored at the highest authenticated one. A record is checked before decryption and marked only
/// after it authenticated, so forged records cannot move the window. Not thread-safe.
/// </summary>
internal struct DtlsReplayWindow
{
    /// <summary>How many sequence numbers behind the highest one are remembered.</summary>
    public const int Size = 64;

    private ulong _highest;

    // Bit i set: _highest - i has been received. Zero means nothing received yet (bit 0 is set otherwise).
    private ulong _seen;

    /// <summary>True when <paramref name="sequenceNumber"/> is new: ahead of the window, or inside it and unseen.</summary>
    public readonly bool IsFresh(ulong sequenceNumber)
    {
        if (_seen == 0 || sequenceNumber > _highest)
        {
            return true;
        }

        ulong behind = _highest - sequenceNumber;
        return behind < Size && (_seen & (1UL << (int)behind)) == 0;
    }

    /// <summary>Records an authenticated <paramref name="sequenceNumber"/>, sliding the window forward if it is the newest.</summary>
    public void Mark(ulong sequenceNumber)
    {
        if (_seen == 0)
        {
            _highest = sequenceNumber;
            _seen = 1;
        }
        else if (sequenceNumber > _highest)
        {
            ulong ahead = sequenceNumber - _highest;
            _seen = ahead >= Size ? 1 : (_seen << (int)ahead) | 1;
            _highest = sequenceNumber;
        }
        else if (_highest - sequenceNumber < Size)
        {
            _seen |= 1UL << (int)(_highest - sequenceNumber);
        }
    }
}
