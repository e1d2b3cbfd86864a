namespace Tandem.Media.Jitter;

/// <summary>Settings for <see cref="JitterBuffer{T}"/>.</summary>
public sealed record JitterBufferOptions
{
    /// <summary>Audio defaults: 48 kHz RTP clock (Opus), 20–400 ms delay.</summary>
    public static JitterBufferOptions Audio { get; } = new();

    /// <summary>Video defaults: 90 kHz RTP clock, 30–1000 ms delay.</summary>
    public static JitterBufferOptions Video { get; } = new()
    {
        ClockRate = 90_000,
        MinDelay = TimeSpan.FromMilliseconds(30),
        MaxDelay = TimeSpan.FromSeconds(1),
    };

    /// <summary>RTP timestamp units per second.</summary>
    public int ClockRate { get; init; } = 48_000;

    /// <summary>Smallest target delay (also the starting one).</summary>
    public TimeSpan MinDelay { get; init; } = TimeSpan.FromMilliseconds(20);

    /// <summary>Largest target delay.</summary>
    public TimeSpan MaxDelay { get; init; } = TimeSpan.FromMilliseconds(400);

    /// <summary>The target delay is this many times the measured interarrival jitter (then bounded).</summary>
    public double JitterMultiplier { get; init; } = 4;

    /// <summary>Fraction of the gap to the lower desired delay closed per inserted frame (slow shrink).</summary>
    public double ShrinkRate { get; init; } = 1.0 / 64;

    /// <summary>Window of sequence numbers held; a power of two. Jumps beyond it restart the buffer.</summary>
    public int Capacity { get; init; } = 1024;
}
