namespace Tandem.WebRtc.Srtp;

/// <summary>
/// The replay list of RFC 3711 §3.3.2: a sliding window of the <c>size</c> packet indices up
/// to the highest one authenticated so far, as a bitmap.
/// </summary>
/// <remarks>
/// The bitmap is a ring: index i lives at bit i mod size, so moving the window forward only
/// clears the bits of the indices it skips instead of shifting the whole bitmap.
/// </remarks>
internal sealed class SrtpReplayWindow
{
    private readonly ulong[] _bits;
    private readonly ulong _size;
    private ulong _highest;
    private bool _started;

    public SrtpReplayWindow(int size)
    {
        _size = (ulong)size;
        _bits = new ulong[(size + 63) / 64];
    }

    /// <summary>Highest index accepted so far (meaningless before the first one).</summary>
    public ulong Highest => _highest;

    /// <summary>Whether any index has been accepted.</summary>
    public bool Started => _started;

    /// <summary>
    /// Whether a packet with this index may be accepted: it is ahead of the window, or inside
    /// it and not yet seen. Indices behind the window are rejected (RFC 3711 §3.3.2).
    /// </summary>
    public bool IsAcceptable(ulong index)
    {
        if (!_started || index > _highest)
        {
            return true;
        }

        ulong behind = _highest - index;
        return behind < _size && !IsSet(index);
    }

    /// <summary>Records an authenticated index. Call only after <see cref="IsAcceptable"/>.</summary>
    public void Accept(ulong index)
    {
        bool jumpsPastWindow = index > _highest && index - _highest >= _size;
        if (!_started || jumpsPastWindow)
        {
            Array.Clear(_bits);
            _highest = index;
            _started = true;
        }
        else if (index > _highest)
        {
            for (ulong skipped = _highest + 1; skipped < index; skipped++)
            {
                Clear(skipped);
            }

            _highest = index;
        }

        Set(index);
    }

    private bool IsSet(ulong index)
    {
        ulong bit = index % _size;
        return (_bits[bit / 64] & (1UL << (int)(bit % 64))) != 0;
    }

    private void Set(ulong index)
    {
        ulong bit = index % _size;
        _bits[bit / 64] |= 1UL << (int)(bit % 64);
    }

    private void Clear(ulong index)
    {
        ulong bit = index % _size;
        _bits[bit / 64] &= ~(1UL << (int)(bit % 64));
    }
}
