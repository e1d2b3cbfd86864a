using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpStreamSender
{
    /// <summary>Most padding one packet carries: RFC 3550 §5.1 counts it in one octet.</summary>
    internal const int MaxPaddingLength = 255;

    /// <summary>Whether <see cref="TryCreatePadding"/> can build a packet: an RTX stream, and media sent to take its timestamp from.</summary>
    internal bool CanPad
    {
        get
        {
            lock (_timingLock)
            {
                return _options.RtxSsrc != 0 && _sentAny;
            }
        }
    }

    /// <summary>
    /// Builds a padding-only packet for a bandwidth probe into <paramref name="destination"/>: RFC 3550 §5.1 padding
    /// (P bit set, the last octet counting the padding octets including itself) and no payload, on the RTX stream
    /// (RFC 4588 §4: its own SSRC, payload type and sequence numbers, so the media stream's numbering stays intact;
    /// as libwebrtc sends its padding), with the last media timestamp, the MID and a transport-wide number
    /// placeholder (stamped when it leaves). The padding is <paramref name="paddingBytes"/> clamped to 1–255.
    /// False without an RTX stream or before the first media packet.
    /// </summary>
    internal bool TryCreatePadding(Span<byte> destination, int paddingBytes, out int length)
    {
        length = 0;
        uint timestamp;
        lock (_timingLock)
        {
            if (_options.RtxSsrc == 0 || !_sentAny)
            {
                return false;
            }

            timestamp = _lastTimestamp;
        }

        var header = new RtpHeader(_options.RtxPayloadType, NextRtxSequenceNumber(), timestamp, _options.RtxSsrc, Marker: false);
        var transportId = _session.TransportSequenceExtensionId;
        var form = _mid.Length > 0 || transportId != 0 ? RtpHeaderExtensionForm.OneByte : RtpHeaderExtensionForm.None;
        var padding = Math.Clamp(paddingBytes, 1, MaxPaddingLength);
        if (!RtpPacketBuilder.TryCreate(destination, header, out var builder, form)
            || (_mid.Length > 0 && !builder.TryAddExtension(_options.MidExtensionId, _mid))
            || (transportId != 0 && !builder.TryAddExtension(transportId, [0, 0])))
        {
            return false;
        }

        var payload = builder.GetPayloadSpan();
        if (payload.Length < padding)
        {
            return false;
        }

        payload[..(padding - 1)].Clear();
        payload[padding - 1] = (byte)padding;
        length = builder.Finish(padding);
        destination[0] |= 0x20;
        return true;
    }
}
