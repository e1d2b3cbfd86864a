using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

/// <summary>Receives one Opus packet; the span is valid only during the call.</summary>
/// <param name="opusPacket">The Opus packet (the RTP payload, RFC 7587 §4.2).</param>
/// <param name="rtpTimestamp">Its 48 kHz RTP timestamp.</param>
/// <param name="sequenceNumber">Its RTP sequence number (a jump means lost packets: conceal or use FEC).</param>
public delegate void OpusRtpPacketHandler(ReadOnlySpan<byte> opusPacket, uint rtpTimestamp, ushort sequenceNumber);

/// <summary>
/// Receives Opus over SRTP: packets of one payload type in sequence order, one Opus packet each
/// (RFC 7587 §4.2). NACK is off unless the options ask for it; decoding is the caller's.
/// </summary>
internal sealed class OpusRtpReceiver : IRtpPacketSink
{
    private readonly OpusRtpPacketHandler _onPacket;

    /// <summary>Adds an audio stream to <paramref name="session"/> and reports each packet to <paramref name="onPacket"/>.</summary>
    public OpusRtpReceiver(RtpMediaSession session, RtpReceiverOptions options, OpusRtpPacketHandler onPacket)
    {
        ArgumentNullException.ThrowIfNull(onPacket);
        _onPacket = onPacket;
        Stream = new RtpStreamReceiver(session, options, this);
    }

    /// <summary>The RTP stream (statistics).</summary>
    public RtpStreamReceiver Stream { get; }

    void IRtpPacketSink.OnRtpPacket(in RtpPacket packet)
    {
        // RFC 3550 §5.1: a packet of padding only (libwebrtc's bandwidth probe) is no Opus packet (RFC 6716 §3 needs a TOC byte).
        if (!packet.Payload.IsEmpty)
        {
            _onPacket(packet.Payload, packet.Timestamp, packet.SequenceNumber);
        }
    }

    void IRtpPacketSink.OnClosed()
    {
        // Nothing pooled at this layer.
    }
}
