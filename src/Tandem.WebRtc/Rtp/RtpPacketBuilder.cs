using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Writes one RTP packet (RFC 3550 §5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1) into a caller-owned buffer, with optional RFC 8285
/// header extension elements, without allocating. Order of use: <see cref="TryCreate"/>,
/// any <see cref="TryAddExtension"/>, then <see cref="GetPayloadSpan"/> + <see cref="Finish"/>
/// (or <see cref="TryFinish"/> with a payload to copy).
/// </summary>
internal ref struct RtpPacketBuilder
{
    private readonly Span<byte> _buffer;
    private readonly RtpHeaderExtensionForm _form;
    private readonly int _extensionHeaderOffset;
    private int _length;
    private bool _extensionClosed;

    private RtpPacketBuilder(Span<byte> buffer, RtpHeaderExtensionForm form, int extensionHeaderOffset, int length)
    {
        _buffer = buffer;
        _form = form;
        _extensionHeaderOffset = extensionHeaderOffset;
        _length = length;
        _extensionClosed = form == RtpHeaderExtensionForm.None;
    }

    /// <summary>
    /// Writes the fixed header (and CSRCs) of <paramref name="header"/> at the start of
    /// <paramref name="destination"/>. False when the buffer is too small or a field is out of range.
    /// </summary>
    public static bool TryCreate(
        Span<byte> destination,
        in RtpHeader header,
        out RtpPacketBuilder builder,
        RtpHeaderExtensionForm extensionForm = RtpHeaderExtensionForm.None,
        ReadOnlySpan<uint> csrcs = default)
    {
        builder = default;
        var headerLength = RtpPacket.FixedHeaderLength + (4 * csrcs.Length);
        var extensionSpace = extensionForm == RtpHeaderExtensionForm.None ? 0 : 4;
        if (header.PayloadType > 127 || csrcs.Length > 15 || destination.Length < headerLength + extensionSpace)
        {
            return false;
        }

        var x = extensionForm == RtpHeaderExtensionForm.None ? 0 : 0x10;
        destination[0] = (byte)(0x80 | x | csrcs.Length);
        destination[1] = (byte)((header.Marker ? 0x80 : 0) | header.PayloadType);
        BinaryPrimitives.WriteUInt16BigEndian(destination[2..], header.SequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[4..], header.Timestamp);
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], header.Ssrc);
        for (var i = 0; i < csrcs.Length; i++)
        {
            BinaryPrimitives.WriteUInt32BigEndian(destination[(RtpPacket.FixedHeaderLength + (4 * i))..], csrcs[i]);
        }

        if (extensionForm != RtpHeaderExtensionForm.None)
        {
            var profile = extensionForm == RtpHeaderExtensionForm.OneByte
                ? RtpHeaderExtensionReader.OneByteProfile
                : RtpHeaderExtensionReader.TwoByteProfile;
            BinaryPrimitives.WriteUInt16BigEndian(destination[headerLength..], profile);
        }

        builder = new RtpPacketBuilder(destination, extensionForm, headerLength, headerLength + extensionSpace);
        return true;
    }

    /// <summary>
    /// Appends one extension element. False if the builder has no extension block, the payload
    /// was started, the id/length do not fit the form (RFC 8285 §4.2: one-byte ids 1–14 and 1–16
    /// bytes; §4.3: two-byte ids 1–255 and 0–255 bytes), or the buffer is full.
    /// </summary>
    public bool TryAddExtension(int id, ReadOnlySpan<byte> value)
    {
        if (_extensionClosed)
        {
            return false;
        }

        int elementHeader;
        if (_form == RtpHeaderExtensionForm.OneByte)
        {
            if (id is < 1 or > 14 || value.Length is < 1 or > 16)
            {
                return false;
            }

            elementHeader = 1;
        }
        else
        {
            if (id is < 1 or > 255 || value.Length > 255)
            {
                return false;
            }

            elementHeader = 2;
        }

        // Keep room for the up-to-3 padding bytes that close the block.
        if (_length + elementHeader + value.Length + 3 > _buffer.Length)
        {
            return false;
        }

        if (elementHeader == 1)
        {
            _buffer[_length] = (byte)((id << 4) | (value.Length - 1));
        }
        else
        {
            _buffer[_length] = (byte)id;
            _buffer[_length + 1] = (byte)value.Length;
        }

        value.CopyTo(_buffer[(_length + elementHeader)..]);
        _length += elementHeader + value.Length;
        return true;
    }

    /// <summary>
    /// Closes the extension block (zero padding to 32 bits, RFC 8285 §4.1) and returns the free
    /// space after the header, where the caller writes the payload.
    /// </summary>
    public Span<byte> GetPayloadSpan()
    {
        CloseExtension();
        return _buffer[_length..];
    }

    /// <summary>Completes the packet after <paramref name="payloadLength"/> bytes were written to <see cref="GetPayloadSpan"/>; returns its length.</summary>
    public int Finish(int payloadLength)
    {
        CloseExtension();
        ArgumentOutOfRangeException.ThrowIfNegative(payloadLength);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(payloadLength, _buffer.Length - _length);
        return _length + payloadLength;
    }

    /// <summary>Copies <paramref name="payload"/> after the header; false if it does not fit.</summary>
    public bool TryFinish(ReadOnlySpan<byte> payload, out int packetLength)
    {
        var span = GetPayloadSpan();
        if (!payload.TryCopyTo(span))
        {
            packetLength = 0;
            return false;
        }

        packetLength = _length + payload.Length;
        return true;
    }

    private void CloseExtension()
    {
        if (_extensionClosed)
        {
            return;
        }

        _extensionClosed = true;
        var bodyStart = _extensionHeaderOffset + 4;
        if (_length == bodyStart)
        {
            // No element was added: RFC 3550 allows an empty extension, but drop it to save 4 bytes.
            _buffer[0] &= 0xEF;
            _length = _extensionHeaderOffset;
            return;
        }

        while ((_length - bodyStart) % 4 != 0)
        {
            _buffer[_length++] = 0;
        }

        BinaryPrimitives.WriteUInt16BigEndian(_buffer[(_extensionHeaderOffset + 2)..], (ushort)((_length - bodyStart) / 4));
    }
}
