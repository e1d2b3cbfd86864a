namespace Tandem.WebRtc.Rtcp;

/// <summary>
/// Iterates the packets of a compound RTCP datagram (RFC 3550 §6.1, https://www.rfc-editor.org/rfc/rfc3550#section-6.1). Reduced-size RTCP
/// (RFC 5506 §3, https://www.rfc-editor.org/rfc/rfc5506#section-3: a single packet, not necessarily starting with SR/RR) is accepted, and unknown
/// packet types (APP, REMB, TWCC, XR...) are returned for the caller to skip.
/// </summary>
internal ref struct RtcpCompoundReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _offset;

    /// <summary>Reads the packets of <paramref name="datagram"/> (decrypted).</summary>
    public RtcpCompoundReader(ReadOnlySpan<byte> datagram) => _data = datagram;

    /// <summary>True when iteration stopped on a malformed packet rather than at the end.</summary>
    public bool IsMalformed { get; private set; }

    /// <summary>
    /// Returns the next packet (header, body and padding) and its parsed header; false at the end
    /// or when the next header is malformed (see <see cref="IsMalformed"/>).
    /// </summary>
    public bool TryReadNext(out RtcpHeader header, out ReadOnlySpan<byte> packet)
    {
        packet = default;
        header = default;
        if (_offset >= _data.Length)
        {
            return false;
        }

        var rest = _data[_offset..];
        if (!RtcpHeader.TryRead(rest, out header))
        {
            IsMalformed = true;
            _offset = _data.Length;
            return false;
        }

        packet = rest[..header.PacketLength];
        _offset += header.PacketLength;
        return true;
    }
}
