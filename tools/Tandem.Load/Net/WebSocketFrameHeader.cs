using System.Buffers;
using System.Buffers.Binary;

namespace Tandem.Load.Net;

/// <summary>
/// RFC 6455 §5.2: the header of one WebSocket frame.
/// <code>
///  0                   1                   2                   3
///  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
/// +-+-+-+-+-------+-+-------------+-------------------------------+
/// |F|R|R|R| opcode|M| Payload len |    Extended payload length    |
/// |I|S|S|S|  (4)  |A|     (7)     |             (16/64)           |
/// |N|V|V|V|       |S|             |   (if payload len==126/127)   |
/// | |1|2|3|       |K|             |                               |
/// +-+-+-+-+-------+-+-------------+ - - - - - - - - - - - - - - - +
/// |     Extended payload length continued, if payload len == 127  |
/// + - - - - - - - - - - - - - - - +-------------------------------+
/// |                               |Masking-key, if MASK set to 1  |
/// +-------------------------------+-------------------------------+
/// | Masking-key (continued)       |          Payload Data         |
/// +-------------------------------- - - - - - - - - - - - - - - - +
/// </code>
/// </summary>
/// <param name="Fin">Last frame of its message.</param>
/// <param name="Opcode">What the frame carries.</param>
/// <param name="Masked">Whether a masking key follows (client-to-server frames, §5.3).</param>
/// <param name="MaskKey">The masking key's four bytes in wire order, read little-endian (see <see cref="WebSocketMask"/>).</param>
/// <param name="PayloadLength">Payload bytes after the header.</param>
/// <param name="HeaderLength">Header bytes (2 to 14).</param>
public readonly record struct WebSocketFrameHeader(
    bool Fin, WebSocketOpcode Opcode, bool Masked, uint MaskKey, long PayloadLength, int HeaderLength)
{
    /// <summary>The longest header: 2 + 8 (64-bit length) + 4 (masking key).</summary>
    public const int MaxLength = 14;

    /// <summary>Header plus payload.</summary>
    public long FrameLength => HeaderLength + PayloadLength;

    /// <summary>The header length for a payload of <paramref name="payloadLength"/> bytes.</summary>
    public static int SizeOf(long payloadLength, bool masked) =>
        (payloadLength < 126 ? 2 : payloadLength <= ushort.MaxValue ? 4 : 10) + (masked ? 4 : 0);

    /// <summary>
    /// Reads a header; <see cref="OperationStatus.NeedMoreData"/> when <paramref name="source"/> is too
    /// short, <see cref="OperationStatus.InvalidData"/> for RSV bits (no extension is negotiated, §5.2),
    /// a reserved opcode, a fragmented or over-long control frame (§5.5) or a 64-bit length with its top bit set.
    /// </summary>
    public static OperationStatus TryRead(ReadOnlySpan<byte> source, out WebSocketFrameHeader header)
    {
        header = default;
        if (source.Length < 2)
        {
            return OperationStatus.NeedMoreData;
        }

        var b0 = source[0];
        var b1 = source[1];
        var opcode = (WebSocketOpcode)(b0 & 0x0F);
        var fin = (b0 & 0x80) != 0;
        if ((b0 & 0x70) != 0 || opcode is not (WebSocketOpcode.Continuation or WebSocketOpcode.Text or WebSocketOpcode.Binary
            or WebSocketOpcode.Close or WebSocketOpcode.Ping or WebSocketOpcode.Pong))
        {
            return OperationStatus.InvalidData;
        }

        var masked = (b1 & 0x80) != 0;
        long length = b1 & 0x7F;
        var offset = 2;
        if (length == 126)
        {
            if (source.Length < 4)
            {
                return OperationStatus.NeedMoreData;
            }

            length = BinaryPrimitives.ReadUInt16BigEndian(source[2..]);
            offset = 4;
        }
        else if (length == 127)
        {
            if (source.Length < 10)
            {
                return OperationStatus.NeedMoreData;
            }

            // §5.2: "the most significant bit MUST be 0".
            var wide = BinaryPrimitives.ReadUInt64BigEndian(source[2..]);
            if (wide > long.MaxValue)
            {
                return OperationStatus.InvalidData;
            }

            length = (long)wide;
            offset = 10;
        }

        // §5.5: control frames have payloads of at most 125 bytes and are never fragmented.
        if (opcode >= WebSocketOpcode.Close && (!fin || length > 125))
        {
            return OperationStatus.InvalidData;
        }

        uint key = 0;
        if (masked)
        {
            if (source.Length < offset + 4)
            {
                return OperationStatus.NeedMoreData;
            }

            key = BinaryPrimitives.ReadUInt32LittleEndian(source[offset..]);
            offset += 4;
        }

        header = new WebSocketFrameHeader(fin, opcode, masked, key, length, offset);
        return OperationStatus.Done;
    }

    /// <summary>Writes this header (its <see cref="HeaderLength"/> is ignored); returns the bytes written.</summary>
    public int Write(Span<byte> destination)
    {
        destination[0] = (byte)((Fin ? 0x80 : 0) | (int)Opcode);
        var mask = Masked ? 0x80 : 0;
        int offset;
        if (PayloadLength < 126)
        {
            destination[1] = (byte)(mask | (int)PayloadLength);
            offset = 2;
        }
        else if (PayloadLength <= ushort.MaxValue)
        {
            destination[1] = (byte)(mask | 126);
            BinaryPrimitives.WriteUInt16BigEndian(destination[2..], (ushort)PayloadLength);
            offset = 4;
        }
        else
        {
            destination[1] = (byte)(mask | 127);
            BinaryPrimitives.WriteUInt64BigEndian(destination[2..], (ulong)PayloadLength);
            offset = 10;
        }

        if (Masked)
        {
            BinaryPrimitives.WriteUInt32LittleEndian(destination[offset..], MaskKey);
            offset += 4;
        }

        return offset;
    }
}
