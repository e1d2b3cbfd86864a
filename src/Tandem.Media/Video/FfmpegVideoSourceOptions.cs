namespace Tandem.Media.Video;

/// <summary>What <see cref="FfmpegVideoSource"/> does on a keyframe request.</summary>
internal enum KeyframeRequestPolicy
{
    /// <summary>Restart the ffmpeg process: its output starts with SPS, PPS and an IDR (a gap of one encoder start-up, typically 100–300 ms).</summary>
    Restart,

    /// <summary>Ignore requests and rely on the periodic IDR every <see cref="FfmpegVideoSourceOptions.KeyframeInterval"/> frames.</summary>
    Ignore,
}

/// <summary>Settings for <see cref="FfmpegVideoSource"/>.</summary>
internal sealed record FfmpegVideoSourceOptions
{
    /// <summary>The ffmpeg executable.</summary>
    public string FfmpegPath { get; init; } = "ffmpeg";

    /// <summary>A V4L2 capture device such as <c>/dev/video0</c>; null for the <c>testsrc2</c> test pattern.</summary>
    public string? V4l2Device { get; init; }

    /// <summary>Picture width in pixels.</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Picture height in pixels.</summary>
    public int Height { get; init; } = 720;

    /// <summary>Frames per second.</summary>
    public int FrameRate { get; init; } = 30;

    /// <summary>Target bitrate in kbit/s (also the VBV max rate, so the stream stays near it).</summary>
    public int BitrateKbps { get; init; } = 1500;

    /// <summary>Frames between IDR pictures.</summary>
    public int KeyframeInterval { get; init; } = 60;

    /// <summary>Read the test pattern at its native rate (<c>-re</c>); when false ffmpeg produces frames as fast as it can (tests).</summary>
    public bool Realtime { get; init; } = true;

    /// <summary>Stop after this much video; endless when null.</summary>
    public TimeSpan? Duration { get; init; }

    /// <summary>What a keyframe request does.</summary>
    public KeyframeRequestPolicy KeyframePolicy { get; init; } = KeyframeRequestPolicy.Restart;

    /// <summary>Smallest interval between restarts; requests in between wait (rate limit for PLI storms).</summary>
    public TimeSpan MinRestartInterval { get; init; } = TimeSpan.FromSeconds(1);
}
