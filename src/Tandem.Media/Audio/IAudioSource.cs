using Tandem.Media.Clock;

namespace Tandem.Media.Audio;

/// <summary>A producer of fixed-size PCM frames (the microphone side), e.g. 20 ms of 16 kHz mono.</summary>
public interface IAudioSource : IAsyncDisposable
{
    /// <summary>The frames' format; every frame holds <see cref="AudioFormat.FrameLength"/> samples.</summary>
    AudioFormat Format { get; }

    /// <summary>
    /// Fills the start of <paramref name="destination"/> with the next frame, waiting until it is due
    /// when the source is real-time paced. A session calls it on a thread of its own, so blocking until the
    /// frame is captured is fine there (and keeps the cadence off the thread pool).
    /// </summary>
    /// <returns>The frame's capture instant on the shared <see cref="MediaClock"/>, or null at the end.</returns>
    ValueTask<MediaInstant?> ReadFrameAsync(Memory<short> destination, CancellationToken cancellationToken = default);
}
