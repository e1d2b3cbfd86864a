using Tandem.Media.Audio;
using Tandem.Media.Clock;
using Tandem.Media.Video;

namespace Tandem.Client.Tests.Streams;

/// <summary>An application's video sink that keeps a copy of every frame it is handed.</summary>
internal sealed class RecordingVideoSink : IVideoSink
{
    private readonly List<(byte[] AnnexB, ReceivedVideoFrame Frame)> _frames = [];

    public Exception? FailWith { get; set; }

    public IReadOnlyList<(byte[] AnnexB, ReceivedVideoFrame Frame)> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    public byte[] Bytes => [.. Frames.SelectMany(f => f.AnnexB)];

    public ValueTask WriteFrameAsync(ReceivedVideoFrame frame, CancellationToken cancellationToken = default)
    {
        if (FailWith is { } e)
        {
            throw e;
        }

        lock (_frames)
        {
            _frames.Add((frame.AnnexB.ToArray(), frame));
        }

        return ValueTask.CompletedTask;
    }
}

/// <summary>An application's audio sink that keeps every PCM frame and its presentation instant.</summary>
internal sealed class RecordingAudioSink(AudioFormat format) : IAudioSink
{
    private readonly List<(short[] Pcm, MediaInstant At)> _frames = [];

    public Exception? FailWith { get; set; }

    public AudioFormat Format { get; } = format;

    public IReadOnlyList<(short[] Pcm, MediaInstant At)> Frames
    {
        get
        {
            lock (_frames)
            {
                return [.. _frames];
            }
        }
    }

    public short[] Samples => [.. Frames.SelectMany(f => f.Pcm)];

    public ValueTask WriteFrameAsync(ReadOnlyMemory<short> frame, MediaInstant captureTime, CancellationToken cancellationToken = default)
    {
        if (FailWith is { } e)
        {
            throw e;
        }

        lock (_frames)
        {
            _frames.Add((frame.ToArray(), captureTime));
        }

        return ValueTask.CompletedTask;
    }

    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
