using System.Diagnostics.CodeAnalysis;
using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>
/// Plays a 16-bit PCM WAV file as a microphone: 20 ms frames at the file's rate and channel count
/// (no resampling), paced in real time, optionally looping. The last partial frame is padded with silence.
/// </summary>
public sealed class WavFileAudioSource : IAudioSource
{
    private readonly WavReader _reader;
    private readonly FramePacer _pacer;
    private readonly bool _loop;
    private bool _ended;

    /// <summary>Opens a WAV file.</summary>
    /// <exception cref="InvalidDataException">The file is not 16-bit PCM WAVE.</exception>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first parameter's type (a path or a stream), so no call is ambiguous.")]
    public WavFileAudioSource(string path, MediaClock clock, bool paced = true, bool loop = false)
        : this(File.OpenRead(path), clock, paced, loop)
    {
    }

    /// <summary>Reads WAV data from a stream (looping needs a seekable stream); the source owns the stream.</summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first parameter's type (a path or a stream), so no call is ambiguous.")]
    public WavFileAudioSource(Stream stream, MediaClock clock, bool paced = true, bool loop = false)
    {
        _reader = new WavReader(stream);
        Format = new AudioFormat(_reader.SampleRate, _reader.Channels, TimeSpan.FromMilliseconds(20));
        _pacer = new FramePacer(clock, Format.FrameDuration, paced);
        _loop = loop && _reader.DataStart >= 0;
    }

    /// <inheritdoc />
    public AudioFormat Format { get; }

    /// <inheritdoc />
    public async ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, Format.FrameLength, nameof(destination));
        if (_ended)
        {
            return null;
        }

        int filled = Fill(destination.Span[..Format.FrameLength]);
        if (filled == 0)
        {
            _ended = true;
            return null;
        }

        destination.Span[filled..Format.FrameLength].Clear();
        return await _pacer.NextAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }

    private int Fill(Span<short> frame)
    {
        int filled = 0;
        bool rewound = false;
        while (filled < frame.Length)
        {
            int read = _reader.Read(frame[filled..]);
            filled += read;
            if (read > 0)
            {
                rewound = false;
                continue;
            }

            // Rewind at most once per empty read so an empty file cannot spin forever.
            if (!_loop || rewound)
            {
                break;
            }

            _reader.Rewind();
            rewound = true;
        }

        return filled;
    }
}
