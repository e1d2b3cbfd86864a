namespace Tandem.Media.H264;

/// <summary>
/// Enumerates the NAL units of an Annex-B buffer without copying: each item starts with the NAL
/// header byte and excludes start codes and trailing zero bytes. Bytes before the first start code
/// are skipped; empty NAL units are skipped.
/// </summary>
internal ref struct AnnexBNalEnumerator
{
    private ReadOnlySpan<byte> _remaining;

    /// <summary>Creates an enumerator over <paramref name="annexB"/>.</summary>
    public AnnexBNalEnumerator(ReadOnlySpan<byte> annexB)
    {
        int first = AnnexB.FindStartCode(annexB, out int prefix);
        _remaining = first < 0 ? default : annexB[(first + prefix)..];
        Current = default;
    }

    /// <summary>The current NAL unit.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly AnnexBNalEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next non-empty NAL unit.</summary>
    public bool MoveNext()
    {
        while (!_remaining.IsEmpty)
        {
            int next = AnnexB.FindStartCode(_remaining, out int prefix);
            ReadOnlySpan<byte> nal;
            if (next < 0)
            {
                nal = _remaining;
                _remaining = default;
            }
            else
            {
                nal = _remaining[..next];
                _remaining = _remaining[(next + prefix)..];
            }

            // ITU-T H.264 §7.4.1: a NAL unit never ends in 0x00, so trailing zeros are stream padding.
            nal = nal.TrimEnd((byte)0);
            if (!nal.IsEmpty)
            {
                Current = nal;
                return true;
            }
        }

        return false;
    }
}
