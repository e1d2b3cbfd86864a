namespace Tandem.WebRtc.Rtp;

// RFC 8285 §4.2: one-byte header element        RFC 8285 §4.3: two-byte header element
//  0                   1                        0                   1
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  ID   |  len  |     data ...               |       ID      |     length    | data...
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+      +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// (len = value length - 1)                     (length = value length)

/// <summary>
/// Enumerates the elements of an RFC 8285 header extension block
/// (https://www.rfc-editor.org/rfc/rfc8285). Unknown profiles yield nothing; a malformed
/// element ends the enumeration instead of throwing.
/// </summary>
internal ref struct RtpHeaderExtensionReader
{
    /// <summary>RFC 8285 §4.2: the one-byte form's "defined by profile" value.</summary>
    public const ushort OneByteProfile = 0xBEDE;

    /// <summary>RFC 8285 §4.3: the two-byte form's profile, upper 12 bits (lower 4 are app bits).</summary>
    public const ushort TwoByteProfile = 0x1000;

    private readonly ReadOnlySpan<byte> _data;
    private readonly RtpHeaderExtensionForm _form;
    private int _offset;

    /// <summary>Reads the block with the given profile and body.</summary>
    public RtpHeaderExtensionReader(ushort profile, ReadOnlySpan<byte> data)
    {
        _data = data;
        _form = profile == OneByteProfile ? RtpHeaderExtensionForm.OneByte
            : (profile & 0xFFF0) == TwoByteProfile ? RtpHeaderExtensionForm.TwoByte
            : RtpHeaderExtensionForm.None;
    }

    /// <summary>The layout of the block being read.</summary>
    public readonly RtpHeaderExtensionForm Form => _form;

    /// <summary>Reads the next element; false at the end or on a malformed element.</summary>
    public bool TryReadNext(out int id, out ReadOnlySpan<byte> value)
    {
        id = 0;
        value = default;
        while (_form != RtpHeaderExtensionForm.None && _offset < _data.Length)
        {
            var first = _data[_offset];
            if (first == 0 || (_form == RtpHeaderExtensionForm.OneByte && first >> 4 == 0))
            {
                // RFC 8285 §4.2/§4.3: ID 0 is padding, one byte long whatever its length field says.
                _offset++;
                continue;
            }

            int valueOffset, length;
            if (_form == RtpHeaderExtensionForm.OneByte)
            {
                id = first >> 4;
                if (id == 15)
                {
                    // RFC 8285 §4.2: ID 15 is reserved; stop processing the block.
                    _offset = _data.Length;
                    return false;
                }

                length = (first & 0x0F) + 1;
                valueOffset = _offset + 1;
            }
            else
            {
                if (_offset + 2 > _data.Length)
                {
                    break;
                }

                id = first;
                length = _data[_offset + 1];
                valueOffset = _offset + 2;
            }

            if (valueOffset + length > _data.Length)
            {
                break;
            }

            value = _data.Slice(valueOffset, length);
            _offset = valueOffset + length;
            return true;
        }

        _offset = _data.Length;
        id = 0;
        return false;
    }
}
