using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 3550 §6.5: SDES
//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    SC   |  PT=SDES=202  |             length            |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// chunk  |                          SSRC/CSRC_1                          |
//   1    +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                           SDES items                          |
//        |                              ...                              |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// RFC 3550 §6.5.1: CNAME item
//        |    CNAME=1    |     length    | user and domain name        ...
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>
/// A source description packet (RFC 3550 §6.5, https://www.rfc-editor.org/rfc/rfc3550#section-6.5):
/// reads every item of every chunk in place, writes one chunk with a CNAME.
/// </summary>
internal ref struct RtcpSourceDescription
{
    /// <summary>RFC 3550 §6.5.1: the CNAME item type.</summary>
    public const byte CnameItem = 1;

    private readonly ReadOnlySpan<byte> _body;
    private int _chunksLeft;
    private int _offset;
    private uint _ssrc;
    private bool _inChunk;

    private RtcpSourceDescription(ReadOnlySpan<byte> body, int chunkCount)
    {
        _body = body;
        _chunksLeft = chunkCount;
    }

    /// <summary>Opens an SDES packet for reading; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSourceDescription description)
    {
        description = default;
        if (!RtcpHeader.TryReadBody(packet, RtcpPacketType.SourceDescription, -1, out var header, out var body))
        {
            return false;
        }

        description = new RtcpSourceDescription(body, header.Count);
        return true;
    }

    /// <summary>
    /// Reads the next item of the packet with the SSRC of its chunk; false at the end or when
    /// the rest is malformed.
    /// </summary>
    public bool TryReadNextItem(out uint ssrc, out byte itemType, out ReadOnlySpan<byte> value)
    {
        ssrc = 0;
        itemType = 0;
        value = default;
        while (true)
        {
            if (!_inChunk)
            {
                if (_chunksLeft == 0 || _offset + 4 > _body.Length)
                {
                    return false;
                }

                _ssrc = BinaryPrimitives.ReadUInt32BigEndian(_body[_offset..]);
                _offset += 4;
                _chunksLeft--;
                _inChunk = true;
            }

            if (_offset >= _body.Length)
            {
                return false;
            }

            var type = _body[_offset];
            if (type == 0)
            {
                // RFC 3550 §6.5: a null item ends the chunk, which is padded to a 32-bit boundary.
                _offset = (_offset + 4) & ~3;
                _inChunk = false;
                continue;
            }

            if (_offset + 2 > _body.Length || _offset + 2 + _body[_offset + 1] > _body.Length)
            {
                _offset = _body.Length;
                return false;
            }

            ssrc = _ssrc;
            itemType = type;
            value = _body.Slice(_offset + 2, _body[_offset + 1]);
            _offset += 2 + value.Length;
            return true;
        }
    }

    /// <summary>Finds the CNAME of the first chunk that has one.</summary>
    public static bool TryGetCname(ReadOnlySpan<byte> packet, out uint ssrc, out ReadOnlySpan<byte> cname)
    {
        ssrc = 0;
        cname = default;
        if (!TryParse(packet, out var sdes))
        {
            return false;
        }

        while (sdes.TryReadNextItem(out ssrc, out var type, out cname))
        {
            if (type == CnameItem)
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Writes an SDES packet with one chunk holding a CNAME (at most 255 bytes of UTF-8).</summary>
    public static bool TryWriteCname(Span<byte> destination, uint ssrc, ReadOnlySpan<byte> cname, out int written)
    {
        // Chunk = SSRC + item header + text + at least one null byte, padded to 32 bits.
        var chunkLength = (4 + 2 + cname.Length + 1 + 3) & ~3;
        written = RtcpHeader.Length + chunkLength;
        if (cname.Length > 255 || destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, 1, RtcpPacketType.SourceDescription, written);
        var chunk = destination.Slice(RtcpHeader.Length, chunkLength);
        BinaryPrimitives.WriteUInt32BigEndian(chunk, ssrc);
        chunk[4] = CnameItem;
        chunk[5] = (byte)cname.Length;
        cname.CopyTo(chunk[6..]);
        chunk[(6 + cname.Length)..].Clear();
        return true;
    }
}
