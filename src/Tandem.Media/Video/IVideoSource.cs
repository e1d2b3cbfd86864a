using Tandem.Media.Clock;

namespace Tandem.Media.Video;

/// <summary>
/// A producer of H.264 Annex-B access units with capture instants (the camera + encoder side).
/// One reader calls <see cref="ReadFrameAsync"/>; <see cref="RequestKeyframe"/> may be called from any
/// thread (e.g. when RTCP PLI/FIR arrives).
/// </summary>
public interface IVideoSource : IAsyncDisposable
{
    /// <summary>Nominal frames per second.</summary>
    double FrameRate { get; }

    /// <summary>Returns the next frame, waiting until it is due; null at the end of the stream. The caller disposes the frame.</summary>
    ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default);

    /// <summary>
    /// Lets the next picture go without encoding it (waiting until it is due, as <see cref="ReadFrameAsync"/> would),
    /// for a sender whose link is behind: what is not encoded costs neither the link nor the pictures after it. True when a
    /// picture was dropped; false when the source cannot (its frames are encoded already, which is this default) or ended.
    /// </summary>
    ValueTask<bool> SkipFrameAsync(CancellationToken cancellationToken = default) => ValueTask.FromResult(false);

    /// <summary>Asks for an IDR picture as soon as possible (what each implementation does is documented on it).</summary>
    void RequestKeyframe();

    /// <summary>
    /// The network's target for the video in bits per second (from the connection's bandwidth estimate),
    /// from any thread. An encoder should aim at it from its next picture; sources that cannot change
    /// their rate (an encoded file, the ffmpeg pipe) ignore it, which is this default.
    /// </summary>
    void SetTargetBitrate(int bitsPerSecond)
    {
    }

    /// <summary>
    /// The SDP <c>profile-level-id</c> of the encoder's SPS (RFC 6184 §8.1, e.g. <c>42c01f</c>) when it is
    /// known before the first frame (an encoder knows it from its configuration); null when only the first
    /// SPS will tell, which is this default. A session offers it without waiting for a frame.
    /// </summary>
    string? ProfileLevelId => null;
}
