namespace Tandem.Media.Video;

/// <summary>
/// Writes received access units one after another to an Annex-B byte stream (an <c>.h264</c> file
/// that ffmpeg plays): the session hands it a decodable sequence, so the file is one too.
/// </summary>
public sealed class AnnexBVideoSink : IVideoSink, IAsyncDisposable
{
    private readonly Stream _output;
    private long _frames;

    /// <summary>Writes into <paramref name="output"/>, which the sink owns (flushed and closed on dispose).</summary>
    public AnnexBVideoSink(Stream output)
    {
        ArgumentNullException.ThrowIfNull(output);
        _output = output;
    }

    /// <summary>Creates (or overwrites) the file at <paramref name="path"/>.</summary>
    public AnnexBVideoSink(string path)
        : this(File.Create(path))
    {
    }

    /// <summary>Access units written.</summary>
    public long FramesWritten => Interlocked.Read(ref _frames);

    /// <inheritdoc />
    public async ValueTask WriteFrameAsync(ReceivedVideoFrame frame, CancellationToken cancellationToken = default)
    {
        await _output.WriteAsync(frame.AnnexB, cancellationToken).ConfigureAwait(false);
        Interlocked.Increment(ref _frames);
    }

    /// <inheritdoc />
    public async ValueTask DisposeAsync()
    {
        await _output.FlushAsync().ConfigureAwait(false);
        await _output.DisposeAsync().ConfigureAwait(false);
    }
}
