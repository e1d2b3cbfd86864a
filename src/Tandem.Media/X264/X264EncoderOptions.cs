namespace Tandem.Media.X264;

/// <summary>
/// Settings of an <see cref="X264Encoder"/> fixed at creation (the target bitrate can change later
/// through <see cref="X264Encoder.SetTargetBitrate"/>). The defaults behave like a hardware encoder
/// on a real-time path: constrained baseline, no B-frames, no look-ahead, one access unit per picture.
/// </summary>
public sealed record X264EncoderOptions
{
    /// <summary>Picture width in pixels (even).</summary>
    public int Width { get; init; } = 1280;

    /// <summary>Picture height in pixels (even).</summary>
    public int Height { get; init; } = 720;

    /// <summary>Frames per second; rate control spends the bitrate over this rate.</summary>
    public double FrameRate { get; init; } = 30;

    /// <summary>Initial target bitrate in bits per second (also the VBV maximum rate: a cap, not an average).</summary>
    public int Bitrate { get; init; } = 1_500_000;

    /// <summary>
    /// The VBV buffer as a duration at the target bitrate: how far one picture may exceed its share. The
    /// default, 200 ms, keeps pictures within about three frame intervals of a link at the target at 30 fps
    /// (a larger one holds the link that much longer, and the receiver's jitter buffer grows with the largest
    /// frames above the mean) while the output still spends the target down to ~200 kbit/s (100–150 ms starve
    /// a noisy 720p picture there: pictures at x264's highest QP, a receive rate well below the target).
    /// Longer spends the bits more evenly in quality and gives an IDR more room, at the cost of that latency.
    /// </summary>
    public TimeSpan RateBuffer { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Pictures between periodic IDRs; 0 for none (an IDR first and then only on <see cref="X264Encoder.RequestKeyframe"/>, as WebRTC senders do).</summary>
    public int KeyframeInterval { get; init; }

    /// <summary>
    /// Encoder threads: 1 encodes each picture on the caller's thread; more split each picture into that
    /// many slices encoded in parallel (x264 sliced threads — never frame threads, which would delay output
    /// by a picture per thread); 0 lets x264 choose from the core count.
    /// </summary>
    public int Threads { get; init; } = 1;

    /// <summary>The x264 speed preset (<c>ultrafast</c> … <c>medium</c>): speed against quality per bit.</summary>
    public string Preset { get; init; } = "ultrafast";

    /// <summary>
    /// The H.264 level to signal (<c>"3.1"</c>); null lets x264 pick the lowest that fits the size, rate and
    /// bitrate (level 3.1 for 720p30). The SPS carries it into <see cref="X264Encoder.ProfileLevelId"/>.
    /// </summary>
    public string? Level { get; init; }

    /// <summary>Throws on a value the encoder cannot run with.</summary>
    /// <exception cref="ArgumentException">A size is odd or not positive, or a rate, bitrate, buffer, interval or thread count is out of range.</exception>
    internal void Validate()
    {
        RawVideo.I420Frame.ValidateSize(Width, Height);
        if (!double.IsFinite(FrameRate) || FrameRate <= 0 || FrameRate > 1000)
        {
            throw new ArgumentOutOfRangeException(nameof(FrameRate), FrameRate, "The frame rate must be a positive number of frames per second (at most 1000).");
        }

        X264Encoder.ValidateBitrate(Bitrate, nameof(Bitrate));
        if (RateBuffer <= TimeSpan.Zero || RateBuffer > TimeSpan.FromSeconds(10))
        {
            throw new ArgumentOutOfRangeException(nameof(RateBuffer), RateBuffer, "The rate buffer must be longer than zero and at most 10 s.");
        }

        ArgumentOutOfRangeException.ThrowIfNegative(KeyframeInterval);
        ArgumentOutOfRangeException.ThrowIfNegative(Threads);
        ArgumentException.ThrowIfNullOrWhiteSpace(Preset);
    }
}
