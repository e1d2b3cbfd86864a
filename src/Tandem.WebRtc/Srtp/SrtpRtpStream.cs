namespace Tandem.WebRtc.Srtp;

/// <summary>
/// Per-SSRC SRTP state: the highest packet index so far, which holds the rollover counter
/// (ROC) and highest sequence number (s_l) of RFC 3711 §3.3.1, and the replay window of
/// received packets (§3.3.2).
/// </summary>
internal sealed class SrtpRtpStream
{
    private ulong _highestIndex;
    private bool _started;

    public SrtpRtpStream(int replayWindowSize) => Window = new SrtpReplayWindow(replayWindowSize);

    /// <summary>Rollover counter of the highest index seen (ROC).</summary>
    public uint RolloverCounter => (uint)(_highestIndex >> 16);

    /// <summary>Highest sequence number seen (s_l).</summary>
    public ushort HighestSequence => (ushort)_highestIndex;

    /// <summary>Replay window of the indices received (unused on the sending side).</summary>
    public SrtpReplayWindow Window { get; }

    /// <summary>
    /// RFC 3711 Appendix A: the 48-bit index i = 2^16 * v + SEQ, where v is ROC - 1, ROC or
    /// ROC + 1, whichever puts SEQ closest to s_l. Returns -1 when v would be ROC - 1 with a
    /// ROC of 0 (a packet from before the stream began).
    /// </summary>
    public static long EstimateIndex(uint roc, ushort highestSequence, ushort sequence)
    {
        long v = roc;
        if (highestSequence < 32768)
        {
            if (sequence - highestSequence > 32768)
            {
                v = roc - 1L;
            }
        }
        else if (highestSequence - 32768 > sequence)
        {
            v = roc + 1L;
        }

        return v < 0 ? -1 : (v << 16) | sequence;
    }

    /// <summary>
    /// The index of <paramref name="sequence"/> in this stream. The first packet of a stream
    /// is taken to have ROC 0 (RFC 3711 §3.3.1: ROC starts at zero).
    /// </summary>
    public long EstimateIndex(ushort sequence) =>
        _started ? EstimateIndex(RolloverCounter, HighestSequence, sequence) : sequence;

    /// <summary>RFC 3711 §3.3.1: ROC and s_l follow the highest index sent or authenticated.</summary>
    public void Advance(ulong index)
    {
        if (!_started || index > _highestIndex)
        {
            _highestIndex = index;
            _started = true;
        }
    }

    /// <summary>Records an authenticated received index: advances the index and the replay window.</summary>
    public void Accept(ulong index)
    {
        Advance(index);
        Window.Accept(index);
    }
}
