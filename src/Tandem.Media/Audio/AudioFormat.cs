namespace Tandem.Media.Audio;

/// <summary>The shape of a stream of 16-bit PCM frames.</summary>
/// <param name="SampleRate">Samples per second per channel.</param>
/// <param name="Channels">Interleaved channel count.</param>
/// <param name="FrameDuration">Duration of one frame.</param>
public readonly record struct AudioFormat(int SampleRate, int Channels, TimeSpan FrameDuration)
{
    /// <summary>16 kHz mono, 20 ms frames (320 samples): the voice format of the glasses.</summary>
    public static AudioFormat Voice16k { get; } = new(16_000, 1, TimeSpan.FromMilliseconds(20));

    /// <summary>Samples per channel in one frame.</summary>
    public int SamplesPerFrame => (int)(FrameDuration.Ticks * SampleRate / TimeSpan.TicksPerSecond);

    /// <summary>Interleaved samples in one frame (<see cref="SamplesPerFrame"/> × <see cref="Channels"/>).</summary>
    public int FrameLength => SamplesPerFrame * Channels;

    /// <summary>The duration of <paramref name="samplesPerChannel"/> samples.</summary>
    public TimeSpan DurationOf(long samplesPerChannel) => TimeSpan.FromTicks(samplesPerChannel * TimeSpan.TicksPerSecond / SampleRate);
}
