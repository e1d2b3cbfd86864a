namespace Tandem.Common.H264;

/// <summary>
/// Enumerates the NAL units of an Annex-B buffer without copying: each item starts with the NAL
/// header byte and excludes start codes and trailing zero bytes. Bytes before the first start code
/// are skipped; empty NAL units are skipped. <see cref="CurrentOffset"/> locates the unit in the
/// input, for callers that keep (offset, length) references instead of spans.
/// </summary>
internal ref struct AnnexBNalEnumerator
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;

    /// <summary>Creates an enumerator over <paramref name="annexB"/>.</summary>
    public AnnexBNalEnumerator(ReadOnlySpan<byte> annexB)
    {
        _data = annexB;
        int first = AnnexB.FindStartCode(annexB, out int prefix);
        _next = first < 0 ? annexB.Length : first + prefix;
        Current = default;
        CurrentOffset = 0;
    }

    /// <summary>The current NAL unit.</summary>
    public ReadOnlySpan<byte> Current { get; private set; }

    /// <summary>Where <see cref="Current"/> starts in the input.</summary>
    public int CurrentOffset { get; private set; }

    /// <summary>Returns this enumerator (for <c>foreach</c>).</summary>
    public readonly AnnexBNalEnumerator GetEnumerator() => this;

    /// <summary>Advances to the next non-empty NAL unit.</summary>
    public bool MoveNext()
    {
        while (_next < _data.Length)
        {
            int offset = _next;
            var rest = _data[offset..];
            int end = AnnexB.FindStartCode(rest, out int prefix);
            ReadOnlySpan<byte> nal;
            if (end < 0)
            {
                nal = rest;
                _next = _data.Length;
            }
            else
            {
                nal = rest[..end];
                _next = offset + end + prefix;
            }

            // ITU-T H.264 §7.4.1: a NAL unit never ends in 0x00, so trailing zeros are stream padding.
            nal = nal.TrimEnd((byte)0);
            if (!nal.IsEmpty)
            {
                Current = nal;
                CurrentOffset = offset;
                return true;
            }
        }

        return false;
    }
}
