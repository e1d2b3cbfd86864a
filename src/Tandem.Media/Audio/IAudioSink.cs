using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>A consumer of fixed-size PCM frames (the speaker side, or a recorder).</summary>
public interface IAudioSink : IAsyncDisposable
{
    /// <summary>The frames' format.</summary>
    AudioFormat Format { get; }

    /// <summary>Consumes one frame of <see cref="AudioFormat.FrameLength"/> interleaved samples.</summary>
    ValueTask WriteFrameAsync(ReadOnlyMemory<short> frame, MediaInstant captureTime, CancellationToken cancellationToken = default);
}
