namespace Tandem.Media.Opus;

/// <summary>Settings for <see cref="OpusEncoder"/>. Defaults suit 16 kHz mono speech over a lossy network.</summary>
public sealed record OpusEncoderOptions
{
    /// <summary>Input sample rate: 8000, 12000, 16000, 24000 or 48000 Hz.</summary>
    public int SampleRate { get; init; } = 16_000;

    /// <summary>Input channels, 1 or 2.</summary>
    public int Channels { get; init; } = 1;

    /// <summary>Frame duration; Opus allows 2.5, 5, 10, 20, 40 and 60 ms.</summary>
    public TimeSpan FrameDuration { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Coding mode.</summary>
    public OpusApplication Application { get; init; } = OpusApplication.Voip;

    /// <summary>Target bitrate in bits per second (500 to 512 000).</summary>
    public int Bitrate { get; init; } = 24_000;

    /// <summary>Whether to add in-band forward error correction (LBRR) data for the previous frame.</summary>
    public bool InbandFec { get; init; } = true;

    /// <summary>Expected packet loss in percent (0–100); FEC is only emitted when this is above 0.</summary>
    public int ExpectedPacketLossPercent { get; init; } = 10;

    /// <summary>Discontinuous transmission: during silence the encoder emits packets of at most 2 bytes (which need not be sent).</summary>
    public bool Dtx { get; init; }

    /// <summary>Computational complexity, 0–10.</summary>
    public int Complexity { get; init; } = 9;

    /// <summary>The codec implementation: libopus when it loads, else Concentus (<see cref="OpusImplementation.Auto"/>).</summary>
    public OpusImplementation Implementation { get; init; }
}
