using Tandem.Media.Clock;

namespace Tandem.Media.Video;

/// <summary>
/// One received H.264 access unit handed to an <see cref="IVideoSink"/>: decodable in order (the
/// stream starts at a keyframe and skips from damage to the next keyframe).
/// </summary>
/// <param name="AnnexB">The NAL units, each behind a start code (ITU-T H.264 Annex B). Valid only during the sink's call: copy what you keep.</param>
/// <param name="IsKeyframe">True for an IDR with its SPS and PPS: a decoder can start here.</param>
/// <param name="RtpTimestamp">The 90 kHz RTP timestamp the sender stamped (RFC 6184 §5.1).</param>
/// <param name="ArrivalTime">When the last packet of the unit arrived, on the receiving session's <see cref="MediaClock"/>.</param>
/// <param name="PresentationTime">
/// When to show the picture on the receiving session's <see cref="MediaClock"/> so that it lines up
/// with the audio of the same capture instant (both mapped through the sender's RTCP sender reports);
/// null until the sender's first report arrived (about half a second into the call).
/// </param>
public readonly record struct ReceivedVideoFrame(
    ReadOnlyMemory<byte> AnnexB,
    bool IsKeyframe,
    uint RtpTimestamp,
    MediaInstant ArrivalTime,
    MediaInstant? PresentationTime);
