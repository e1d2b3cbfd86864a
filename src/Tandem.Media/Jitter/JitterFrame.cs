namespace Tandem.Media.Jitter;

/// <summary>A frame leaving the jitter buffer.</summary>
/// <typeparam name="T">The caller's frame type.</typeparam>
/// <param name="Item">The frame.</param>
/// <param name="SequenceNumber">The frame's first RTP sequence number.</param>
/// <param name="RtpTimestamp">The frame's RTP timestamp.</param>
/// <param name="LostBefore">Sequence numbers skipped right before this frame (lost or given up on): conceal or FEC-recover them.</param>
/// <param name="BufferedFor">How long the frame waited in the buffer.</param>
internal readonly record struct JitterFrame<T>(T Item, ushort SequenceNumber, uint RtpTimestamp, int LostBefore, TimeSpan BufferedFor);
