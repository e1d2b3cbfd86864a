using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>A synthetic microphone: a tone or beep from a <see cref="ToneGenerator"/>, paced in real time.</summary>
public sealed class ToneAudioSource : IAudioSource
{
    private readonly ToneGenerator _generator;
    private readonly FramePacer _pacer;
    private readonly long _maxFrames;

    /// <summary>Creates a tone source.</summary>
    /// <param name="clock">Capture clock stamping the frames.</param>
    /// <param name="generator">Tone generator; its sample rate must match <paramref name="format"/>.</param>
    /// <param name="format">Frame format; <see cref="AudioFormat.Voice16k"/> when null.</param>
    /// <param name="paced">Whether frames are delivered in real time.</param>
    /// <param name="duration">Stop after this much audio; endless when null.</param>
    public ToneAudioSource(MediaClock clock, ToneGenerator generator, AudioFormat? format = null, bool paced = true, TimeSpan? duration = null)
    {
        ArgumentNullException.ThrowIfNull(generator);
        Format = format ?? AudioFormat.Voice16k;
        if (generator.SampleRate != Format.SampleRate)
        {
            throw new ArgumentException("The generator's sample rate differs from the format's.", nameof(generator));
        }

        _generator = generator;
        _pacer = new FramePacer(clock, Format.FrameDuration, paced);
        _maxFrames = duration is { } d ? d.Ticks / Format.FrameDuration.Ticks : long.MaxValue;
    }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <inheritdoc />
    public async ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Format.FrameLength, nameof(destination));
        if (_pacer.Count >= _maxFrames)
        {
            return null;
        }

        var instant = await _pacer.NextAsync(cancellationToken).ConfigureAwait(false);
        _generator.Fill(destination.Span[..Format.FrameLength], Format.Channels);
        return instant;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
