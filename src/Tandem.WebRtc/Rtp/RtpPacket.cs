using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtp;

// RFC 3550 §5.1: RTP fixed header
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|X|  CC   |M|     PT      |       sequence number         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                           timestamp                           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           synchronization source (SSRC) identifier            |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |            contributing source (CSRC) identifiers             |
// |                             ....                              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// RFC 3550 §5.3.1: header extension (present when X = 1)
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |      defined by profile       |           length              |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                        header extension                       |
// |                             ....                              |

/// <summary>
/// A parsed view over one RTP packet (RFC 3550 §5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1).
/// It does not copy: every span points into the buffer given to <see cref="TryParse"/>.
/// </summary>
internal readonly ref struct RtpPacket
{
    /// <summary>Size of the fixed header without CSRCs.</summary>
    public const int FixedHeaderLength = 12;

    private readonly ReadOnlySpan<byte> _data;

    private RtpPacket(ReadOnlySpan<byte> data, int headerLength, int extensionOffset, int extensionLength, int paddingLength)
    {
        _data = data;
        HeaderLength = headerLength;
        ExtensionData = extensionOffset < 0 ? default : data.Slice(extensionOffset, extensionLength);
        PaddingLength = paddingLength;
    }

    /// <summary>The whole packet.</summary>
    public ReadOnlySpan<byte> Data => _data;

    /// <summary>RTP version, always 2 for a parsed packet.</summary>
    public int Version => _data[0] >> 6;

    /// <summary>P bit: the packet ends with padding.</summary>
    public bool HasPadding => (_data[0] & 0x20) != 0;

    /// <summary>X bit: a header extension follows the CSRCs.</summary>
    public bool HasExtension => (_data[0] & 0x10) != 0;

    /// <summary>Number of CSRC identifiers.</summary>
    public int CsrcCount => _data[0] & 0x0F;

    /// <summary>M bit; for video, the last packet of a frame.</summary>
    public bool Marker => (_data[1] & 0x80) != 0;

    /// <summary>Payload type (7 bits).</summary>
    public byte PayloadType => (byte)(_data[1] & 0x7F);

    /// <summary>Sequence number.</summary>
    public ushort SequenceNumber => BinaryPrimitives.ReadUInt16BigEndian(_data[2..]);

    /// <summary>RTP timestamp.</summary>
    public uint Timestamp => BinaryPrimitives.ReadUInt32BigEndian(_data[4..]);

    /// <summary>Synchronization source.</summary>
    public uint Ssrc => BinaryPrimitives.ReadUInt32BigEndian(_data[8..]);

    /// <summary>Length of the header, CSRCs and extension included.</summary>
    public int HeaderLength { get; }

    /// <summary>The 16-bit "defined by profile" field of the extension, or 0 without one.</summary>
    public ushort ExtensionProfile => HasExtension
        ? BinaryPrimitives.ReadUInt16BigEndian(_data[(FixedHeaderLength + (4 * CsrcCount))..])
        : (ushort)0;

    /// <summary>The extension body (after its 4-byte header); empty without one.</summary>
    public ReadOnlySpan<byte> ExtensionData { get; }

    /// <summary>Number of padding bytes at the end (the last byte included).</summary>
    public int PaddingLength { get; }

    /// <summary>The payload, padding excluded.</summary>
    public ReadOnlySpan<byte> Payload => _data[HeaderLength..(_data.Length - PaddingLength)];

    /// <summary>Returns CSRC number <paramref name="index"/> (0-based, below <see cref="CsrcCount"/>).</summary>
    public uint GetCsrc(int index)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(index);
        ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, CsrcCount);
        return BinaryPrimitives.ReadUInt32BigEndian(_data[(FixedHeaderLength + (4 * index))..]);
    }

    /// <summary>An enumerator over the RFC 8285 extension elements (empty if the profile is not one-byte or two-byte).</summary>
    public RtpHeaderExtensionReader GetExtensions() => new(ExtensionProfile, ExtensionData);

    /// <summary>Finds the RFC 8285 extension element with local identifier <paramref name="id"/>.</summary>
    public bool TryGetExtension(int id, out ReadOnlySpan<byte> value)
    {
        var reader = GetExtensions();
        while (reader.TryReadNext(out var elementId, out value))
        {
            if (elementId == id)
            {
                return true;
            }
        }

        value = default;
        return false;
    }

    /// <summary>
    /// Parses an RTP packet. Returns false (never throws) when the bytes are not a well-formed
    /// version-2 packet: too short, CSRCs, extension or padding overrunning the datagram.
    /// </summary>
    public static bool TryParse(ReadOnlySpan<byte> data, out RtpPacket packet)
    {
        packet = default;
        if (data.Length < FixedHeaderLength || data[0] >> 6 != 2)
        {
            return false;
        }

        var headerLength = FixedHeaderLength + (4 * (data[0] & 0x0F));
        if (headerLength > data.Length)
        {
            return false;
        }

        int extensionOffset = -1, extensionLength = 0;
        if ((data[0] & 0x10) != 0)
        {
            if (headerLength + 4 > data.Length)
            {
                return false;
            }

            // RFC 3550 §5.3.1: length counts 32-bit words, excluding the 4-byte extension header.
            extensionLength = 4 * BinaryPrimitives.ReadUInt16BigEndian(data[(headerLength + 2)..]);
            extensionOffset = headerLength + 4;
            headerLength = extensionOffset + extensionLength;
            if (headerLength > data.Length)
            {
                return false;
            }
        }

        var paddingLength = 0;
        if ((data[0] & 0x20) != 0)
        {
            // RFC 3550 §5.1: the last octet counts the padding octets, itself included.
            paddingLength = data[^1];
            if (paddingLength == 0 || headerLength + paddingLength > data.Length)
            {
                return false;
            }
        }

        packet = new RtpPacket(data, headerLength, extensionOffset, extensionLength, paddingLength);
        return true;
    }
}
