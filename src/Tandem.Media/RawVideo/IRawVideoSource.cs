namespace Tandem.Media.RawVideo;

/// <summary>
/// A camera: raw I420 pictures of a fixed size and rate, each stamped with its capture instant on the
/// shared clock when it is captured. One reader calls <see cref="ReadFrameAsync"/> at a time.
/// </summary>
public interface IRawVideoSource : IAsyncDisposable
{
    /// <summary>Picture width in pixels.</summary>
    int Width { get; }

    /// <summary>Picture height in pixels.</summary>
    int Height { get; }

    /// <summary>Nominal frames per second.</summary>
    double FrameRate { get; }

    /// <summary>
    /// Waits for the next picture and writes it, its capture instant and its index into
    /// <paramref name="destination"/>; false at the end of the stream.
    /// </summary>
    /// <exception cref="ArgumentException"><paramref name="destination"/> is not <see cref="Width"/> × <see cref="Height"/>.</exception>
    ValueTask<bool> ReadFrameAsync(RawVideoFrame destination, CancellationToken cancellationToken = default);
}
