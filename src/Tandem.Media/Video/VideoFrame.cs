using Tandem.Media.Clock;
using Tandem.Media.H264;

namespace Tandem.Media.Video;

/// <summary>An encoded video frame: one H.264 access unit and its capture instant. Dispose to return its buffer.</summary>
public sealed class VideoFrame : IDisposable
{
    /// <summary>Wraps an access unit (the frame takes ownership of it).</summary>
    public VideoFrame(H264AccessUnit accessUnit, MediaInstant captureTime, long index)
    {
        ArgumentNullException.ThrowIfNull(accessUnit);
        AccessUnit = accessUnit;
        CaptureTime = captureTime;
        Index = index;
    }

    /// <summary>The Annex-B access unit.</summary>
    public H264AccessUnit AccessUnit { get; }

    /// <summary>Capture instant on the shared <see cref="MediaClock"/>: convert with an <see cref="RtpClock"/> at 90 kHz.</summary>
    public MediaInstant CaptureTime { get; }

    /// <summary>Position of the frame in the source's output, from 0.</summary>
    public long Index { get; }

    /// <summary>How long the encoder took for this picture, when the source knows (our in-process encoder); else null.</summary>
    public TimeSpan? EncodeDuration { get; init; }

    /// <summary>Whether the frame is an IDR picture.</summary>
    public bool IsKeyframe => AccessUnit.IsKeyframe;

    /// <inheritdoc />
    public void Dispose() => AccessUnit.Dispose();
}
