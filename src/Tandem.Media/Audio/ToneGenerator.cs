namespace Tandem.Media.Audio;

/// <summary>
/// Generates a sine tone into PCM buffers with continuous phase across calls, optionally as a beep
/// (tone for <c>beepOn</c>, silence for <c>beepOff</c>, repeating). Not thread-safe.
/// </summary>
public sealed class ToneGenerator
{
    private readonly double _phaseStep;
    private readonly short _amplitude;
    private readonly long _onSamples;
    private readonly long _periodSamples;
    private double _phase;
    private long _position;

    /// <summary>Creates a generator.</summary>
    /// <param name="sampleRate">Output sample rate.</param>
    /// <param name="frequency">Tone frequency in Hz.</param>
    /// <param name="amplitude">Peak amplitude as a fraction of full scale (0–1).</param>
    /// <param name="beepOn">Tone duration of each beep; null for a continuous tone.</param>
    /// <param name="beepOff">Silence between beeps.</param>
    public ToneGenerator(int sampleRate, double frequency, double amplitude = 0.5, TimeSpan? beepOn = null, TimeSpan? beepOff = null)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(sampleRate);
        ArgumentOutOfRangeException.ThrowIfNegative(frequency);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(frequency, sampleRate / 2.0);
        ArgumentOutOfRangeException.ThrowIfNegative(amplitude);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(amplitude, 1.0);
        SampleRate = sampleRate;
        Frequency = frequency;
        _phaseStep = 2 * Math.PI * frequency / sampleRate;
        _amplitude = (short)(amplitude * short.MaxValue);
        _onSamples = beepOn is { } on ? on.Ticks * sampleRate / TimeSpan.TicksPerSecond : long.MaxValue;
        _periodSamples = beepOn is null ? long.MaxValue : _onSamples + ((beepOff ?? TimeSpan.Zero).Ticks * sampleRate / TimeSpan.TicksPerSecond);
    }

    /// <summary>Output sample rate.</summary>
    public int SampleRate { get; }

    /// <summary>Tone frequency in Hz.</summary>
    public double Frequency { get; }

    /// <summary>Fills <paramref name="destination"/> with the next mono samples.</summary>
    public void Fill(Span<short> destination) => Fill(destination, 1);

    /// <summary>Fills interleaved <paramref name="destination"/> with the next samples, the same value on every channel.</summary>
    public void Fill(Span<short> destination, int channels)
    {
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(channels);
        for (int i = 0; i + channels <= destination.Length; i += channels)
        {
            bool on = _position % _periodSamples < _onSamples;
            short value = on ? (short)(_amplitude * Math.Sin(_phase)) : (short)0;
            destination.Slice(i, channels).Fill(value);
            _phase += _phaseStep;
            if (_phase >= 2 * Math.PI)
            {
                _phase -= 2 * Math.PI;
            }

            _position++;
        }
    }
}
