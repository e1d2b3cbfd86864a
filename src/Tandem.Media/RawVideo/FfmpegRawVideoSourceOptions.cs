namespace Tandem.Media.RawVideo;

/// <summary>Settings for <see cref="FfmpegRawVideoSource"/>.</summary>
public sealed record FfmpegRawVideoSourceOptions
{
    /// <summary>The ffmpeg executable.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>A V4L2 capture device such as <c>/dev/video0</c>; null for ffmpeg's <c>testsrc2</c> pattern.</summary>
    public string? V4l2Device { get; init; }

    /// <summary>Picture width in pixels (even; ffmpeg scales the device's pictures to it).</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Picture height in pixels (even).</summary>
    public int Height { get; init; } = 720;

    /// <summary>Frames per second.</summary>
    public int FrameRate { get; init; } = 30;

    /// <summary>Produce the test pattern at its native rate (<c>-re</c>); when false ffmpeg produces pictures as fast as they are read.</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>Stop after this much video; endless when null.</summary>
    public TimeSpan? Duration { get; init; }
}
