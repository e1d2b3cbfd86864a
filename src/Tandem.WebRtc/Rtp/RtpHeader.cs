namespace Tandem.WebRtc.Rtp;

/// <summary>
/// The fields a sender sets on an outgoing RTP packet (RFC 3550 §5.1, https://www.rfc-editor.org/rfc/rfc3550#section-5.1); the input of
/// <see cref="RtpPacketBuilder"/>.
/// </summary>
/// <param name="PayloadType">Payload type, 0–127, as negotiated in the SDP.</param>
/// <param name="SequenceNumber">Sequence number.</param>
/// <param name="Timestamp">RTP timestamp in the media clock.</param>
/// <param name="Ssrc">Synchronization source.</param>
/// <param name="Marker">M bit (last packet of a video frame).</param>
internal readonly record struct RtpHeader(byte PayloadType, ushort SequenceNumber, uint Timestamp, uint Ssrc, bool Marker = false);
