namespace Tandem.Media.Video;

/// <summary>
/// A consumer of received H.264 access units (a decoder and renderer, a recorder). The session calls
/// <see cref="WriteFrameAsync"/> from one task, one frame at a time, in order; the application owns the
/// sink and disposes it after the session.
/// </summary>
public interface IVideoSink
{
    /// <summary>
    /// Consumes one access unit. <see cref="ReceivedVideoFrame.AnnexB"/> is only valid until the returned
    /// task completes. A slow sink makes frames wait (a bounded queue): when the queue is full, frames are
    /// dropped up to the next keyframe, which the session asks the sender for.
    /// </summary>
    ValueTask WriteFrameAsync(ReceivedVideoFrame frame, CancellationToken cancellationToken = default);
}
