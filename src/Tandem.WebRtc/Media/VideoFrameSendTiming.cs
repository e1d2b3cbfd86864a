namespace Tandem.WebRtc.Media;

/// <summary>
/// When one video frame (the packets of one RTP timestamp) left for the network: its first packet and its
/// last (the RTP marker, RFC 6184 §5.1), as <see cref="TimeProvider.GetTimestamp"/> values of the
/// connection's <c>TimeProvider</c>, each taken once the socket took the packet.
/// </summary>
/// <param name="RtpTimestamp">The frame's 90 kHz RTP timestamp (its capture time).</param>
/// <param name="FirstPacketSent">When its first packet left.</param>
/// <param name="LastPacketSent">When its last packet left.</param>
/// <param name="Packets">Its packets.</param>
/// <param name="Bytes">Their bytes as sent (SRTP included).</param>
public readonly record struct VideoFrameSendTiming(uint RtpTimestamp, long FirstPacketSent, long LastPacketSent, int Packets, int Bytes);
