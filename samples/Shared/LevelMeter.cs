using Tandem.Media.Audio;
using Tandem.Media.Clock;

namespace Tandem.Samples;

/// <summary>
/// An audio sink standing in for a speaker: it measures the level (RMS, of full scale 32767) of the
/// last second it was handed and how much audio it got. Called by the session's playout task.
/// </summary>
internal sealed class LevelMeter : IAudioSink
{
    private readonly double[] _window;
    private readonly Lock _lock = new();
    private int _next;
    private long _samples;
    private double _sum;

    public LevelMeter(AudioFormat format)
    {
        Format = format;
        _window = new double[format.SampleRate];
    }

    public AudioFormat Format { get; }

    /// <summary>Audio received so far.</summary>
    public TimeSpan Received
    {
        get
        {
            lock (_lock)
            {
                return Format.DurationOf(_samples);
            }
        }
    }

    /// <summary>RMS of the last second (0 before a second was received).</summary>
    public double Level
    {
        get
        {
            lock (_lock)
            {
                return _samples < _window.Length ? 0 : Math.Sqrt(Math.Max(_sum, 0) / _window.Length);
            }
        }
    }

    public ValueTask WriteFrameAsync(ReadOnlyMemory<short> frame, MediaInstant captureTime, CancellationToken cancellationToken = default)
    {
        lock (_lock)
        {
            foreach (var sample in frame.Span)
            {
                var square = (double)sample * sample;
                _sum += square - _window[_next];
                _window[_next] = square;
                _next = (_next + 1) % _window.Length;
                _samples++;
            }
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
