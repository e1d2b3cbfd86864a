using Tandem.Media.Clock;

namespace Tandem.Media.RawVideo;

/// <summary>
/// An in-process camera that draws the <see cref="TestPattern"/> at a fixed rate on the shared clock.
/// </summary>
/// <remarks>
/// Capture instants: the frame's slot on a fixed schedule of one frame interval per frame, as a camera's
/// sensor exposes on its own clock whenever the reader comes; paced, a reader that comes late (a timer
/// that wakes late, an encoder still busy with the last picture) gets the picture of the slot that passed,
/// so the lateness counts as pipeline latency and the stream's timestamps stay as even as a camera's (a
/// receiver schedules display by them: uneven ones make it show some pictures for one refresh and skip
/// others). Paced and late by whole frame intervals (a starved CPU), it skips the missed slots as a camera
/// does, instead of drawing them back to back. Allocates nothing per frame.
/// </remarks>
public sealed class TestPatternVideoSource : IRawVideoSource
{
    private readonly FramePacer _pacer;
    private readonly long? _frameCount;
    private long _index;

    /// <summary>Creates the camera.</summary>
    /// <param name="width">Picture width (even, at least <see cref="TestPattern.MinimumWidth"/>).</param>
    /// <param name="height">Picture height (even, at least <see cref="TestPattern.MinimumHeight"/>).</param>
    /// <param name="frameRate">Frames per second.</param>
    /// <param name="clock">The shared capture clock.</param>
    /// <param name="paced">When false, pictures come as fast as they are read (tests, benchmarks).</param>
    /// <param name="frameCount">Stop after this many pictures; endless when null.</param>
    /// <exception cref="ArgumentException">A size is odd or too small, or the rate or count is not positive.</exception>
    public TestPatternVideoSource(int width, int height, double frameRate, MediaClock clock, bool paced = true, long? frameCount = null)
    {
        ArgumentNullException.ThrowIfNull(clock);
        I420Frame.ValidateSize(width, height);
        if (width < TestPattern.MinimumWidth || height < TestPattern.MinimumHeight)
        {
            throw new ArgumentException($"The test pattern needs at least {TestPattern.MinimumWidth}×{TestPattern.MinimumHeight} pixels; got {width}×{height}.");
        }

        if (!double.IsFinite(frameRate) || frameRate <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameRate), frameRate, "The frame rate must be a positive number of frames per second.");
        }

        if (frameCount is <= 0)
        {
            throw new ArgumentOutOfRangeException(nameof(frameCount), frameCount, "The frame count must be positive (or null for endless).");
        }

        Width = width;
        Height = height;
        FrameRate = frameRate;
        // A camera has no picture for a slot it missed: late, it delivers the current one, never a burst.
        _pacer = FramePacer.ForRate(clock, frameRate, paced, skipMissed: true);
        _frameCount = frameCount;
    }

    /// <inheritdoc />
    public int Width { get; }

    /// <inheritdoc />
    public int Height { get; }

    /// <inheritdoc />
    public double FrameRate { get; }

    /// <inheritdoc />
    public async ValueTask<bool> ReadFrameAsync(RawVideoFrame destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Width != Width || destination.Height != Height)
        {
            throw new ArgumentException($"The destination is {destination.Width}×{destination.Height}; this camera produces {Width}×{Height}.", nameof(destination));
        }

        if (_index >= _frameCount)
        {
            return false;
        }

        destination.CaptureTime = await _pacer.NextAsync(cancellationToken).ConfigureAwait(false);
        TestPattern.Draw(destination, _index++);
        return true;
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync() => ValueTask.CompletedTask;
}
