namespace Tandem.WebRtc.Srtp;

/// <summary>
/// Per-SSRC SRTCP state: the 31-bit SRTCP index the sender puts in each packet, and the
/// replay window of received indices (RFC 3711 §3.4, §3.3.2).
/// </summary>
internal sealed class SrtcpStream
{
    /// <summary>RFC 3711 §3.4: the SRTCP index is 31 bits; the top bit of its word is the E flag.</summary>
    public const uint IndexMask = 0x7FFF_FFFF;

    private uint _nextIndex;

    public SrtcpStream(int replayWindowSize, uint firstIndex = 0)
    {
        Window = new SrtpReplayWindow(replayWindowSize);
        _nextIndex = firstIndex & IndexMask;
    }

    public SrtpReplayWindow Window { get; }

    /// <summary>Takes the index for the next packet sent; it wraps at 2^31 (the keys must be renewed first).</summary>
    public uint NextIndex()
    {
        uint index = _nextIndex;
        _nextIndex = (_nextIndex + 1) & IndexMask;
        return index;
    }
}
