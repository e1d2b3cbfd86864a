using Tandem.Media.Clock;

namespace Tandem.Client.Streams;

/// <summary>
/// One sent video frame's way from the camera to the network, on the session's <see cref="MediaClock"/>:
/// where its latency went before it reached the receiver.
/// </summary>
/// <param name="Index">The frame's position in the source's output.</param>
/// <param name="IsKeyframe">Whether it was an IDR.</param>
/// <param name="Captured">When the camera took the picture (its capture time, the RTP timestamp's instant).</param>
/// <param name="EncodeDuration">How long the encoder took, when the source knows (our in-process encoder).</param>
/// <param name="Encoded">When the source handed the encoded frame over (its encoder had finished).</param>
/// <param name="FirstPacketSent">When its first RTP packet left for the network (after the pacer).</param>
/// <param name="LastPacketSent">When its last RTP packet left.</param>
/// <param name="Packets">Its RTP packets.</param>
/// <param name="Bytes">Their bytes as sent (SRTP included).</param>
public readonly record struct VideoFrameTimeline(long Index, bool IsKeyframe, MediaInstant Captured, TimeSpan? EncodeDuration, MediaInstant Encoded,
    MediaInstant FirstPacketSent, MediaInstant LastPacketSent, int Packets, int Bytes);
