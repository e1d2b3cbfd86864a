using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>Records PCM frames into a WAV file; the header is finalised on dispose.</summary>
public sealed class WavFileAudioSink : IAudioSink
{
    private readonly WavWriter _writer;

    /// <summary>Creates (or overwrites) <paramref name="path"/>.</summary>
    public WavFileAudioSink(string path, AudioFormat format)
        : this(File.Create(path), format)
    {
    }

    /// <summary>Writes into <paramref name="stream"/>, which the sink owns.</summary>
    public WavFileAudioSink(Stream stream, AudioFormat format)
    {
        Format = format;
        _writer = new WavWriter(stream, format.SampleRate, format.Channels);
    }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <summary>Samples per channel written so far.</summary>
    public long SamplesWritten => _writer.SamplesWritten;

    /// <inheritdoc />
    public ValueTask WriteFrameAsync(ReadOnlyMemory<short> frame, MediaInstant captureTime, CancellationToken cancellationToken = default)
    {
        cancellationToken.ThrowIfCancellationRequested();
        _writer.Write(frame.Span);
        return ValueTask.CompletedTask;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _writer.Dispose();
        return ValueTask.CompletedTask;
    }
}
