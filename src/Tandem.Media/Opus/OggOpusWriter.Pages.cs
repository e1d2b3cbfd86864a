using System.Buffers.Binary;

namespace Tandem.Media.Opus;

internal sealed partial class OggOpusWriter
{
    // RFC 3533 §5: a packet is laced into 255-byte segments and ends with a segment shorter than 255.
    private void AppendPacket(ReadOnlySpan<byte> packet)
    {
        int remaining = packet.Length;
        while (true)
        {
            int segment = Math.Min(remaining, 255);
            _page[HeaderSize + _segmentCount++] = (byte)segment;
            remaining -= segment;
            if (segment < 255)
            {
                break;
            }
        }

        packet.CopyTo(_page.AsSpan(HeaderSize + MaxSegments + _bodyLength));
        _bodyLength += packet.Length;
    }

    private void FlushPage(bool endOfStream)
    {
        WritePage(endOfStream ? (byte)0x04 : (byte)0);
        _pagePackets = 0;
    }

    /*
     RFC 3533 §6: page header
      0                   1                   2                   3
      0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
     | capture_pattern: Magic number for page start "OggS"           |
     | version       | header_type   | granule_position              |
     |                                                               |
     |                               | bitstream_serial_number       |
     |                               | page_sequence_number          |
     |                               | CRC_checksum                  |
     |                               |page_segments  | segment_table |
    */
    private void WritePage(byte headerType)
    {
        Span<byte> header = _page.AsSpan(0, HeaderSize);
        "OggS"u8.CopyTo(header);
        header[4] = 0;
        header[5] = headerType;
        BinaryPrimitives.WriteInt64LittleEndian(header[6..], _granule);
        BinaryPrimitives.WriteUInt32LittleEndian(header[14..], _serial);
        BinaryPrimitives.WriteUInt32LittleEndian(header[18..], _pageSequence++);
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], 0);
        header[26] = (byte)_segmentCount;

        // The body sits after a full-size segment table in the buffer; close the gap before checksumming.
        _page.AsSpan(HeaderSize + MaxSegments, _bodyLength).CopyTo(_page.AsSpan(HeaderSize + _segmentCount));
        int pageLength = HeaderSize + _segmentCount + _bodyLength;
        uint crc = OggCrc.Compute(_page.AsSpan(0, pageLength));
        BinaryPrimitives.WriteUInt32LittleEndian(header[22..], crc);
        _stream.Write(_page, 0, pageLength);
        _segmentCount = 0;
        _bodyLength = 0;
    }
}
