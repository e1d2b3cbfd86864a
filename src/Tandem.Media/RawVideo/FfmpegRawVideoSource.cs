using System.Globalization;
using Tandem.Media.Clock;

namespace Tandem.Media.RawVideo;

/// <summary>
/// A camera read raw from an ffmpeg child process: a V4L2 device (or ffmpeg's <c>testsrc2</c>) as
/// <c>-f rawvideo -pix_fmt yuv420p</c> on stdout, one tightly packed I420 picture after another.
/// </summary>
/// <remarks>
/// Capture instants: in real-time mode, the clock's time when a whole picture has been read from the
/// pipe (the latest instant it can have been captured: the device's own timestamps do not cross the
/// pipe); otherwise a synthetic schedule of one frame interval per frame. Allocates nothing per frame.
/// </remarks>
public sealed class FfmpegRawVideoSource : IRawVideoSource
{
    private readonly FfmpegRawVideoSourceOptions _options;
    private readonly MediaClock _clock;
    private readonly FramePacer _syntheticClock;
    private readonly FfmpegProcess _process;
    private long _index;

    /// <summary>Starts ffmpeg.</summary>
    /// <exception cref="ArgumentException">A size is odd or the frame rate is not positive.</exception>
    /// <exception cref="System.ComponentModel.Win32Exception">ffmpeg could not be started.</exception>
    public FfmpegRawVideoSource(FfmpegRawVideoSourceOptions options, MediaClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        I420Frame.ValidateSize(options.Width, options.Height);
        ArgumentOutOfRangeException.ThrowIfNegativeOrZero(options.FrameRate);
        _options = options;
        _clock = clock;
        _syntheticClock = FramePacer.ForRate(clock, options.FrameRate, paced: false);
        _process = FfmpegProcess.Start(options.FfmpegPath, BuildArguments(options));
    }

    /// <inheritdoc />
    public int Width => _options.Width;

    /// <inheritdoc />
    public int Height => _options.Height;

    /// <inheritdoc />
    public double FrameRate => _options.FrameRate;

    /// <summary>The ffmpeg arguments for <paramref name="options"/>.</summary>
    internal static IReadOnlyList<string> BuildArguments(FfmpegRawVideoSourceOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var args = new List<string> { "-hide_banner", "-loglevel", "error", "-nostdin" };
        args.AddRange(FfmpegCaptureInput.Arguments(options.V4l2Device, options.Width, options.Height, options.FrameRate, options.Realtime, options.Duration));
        args.AddRange(
        [
            "-an", "-s", string.Create(CultureInfo.InvariantCulture, $"{options.Width}x{options.Height}"), "-pix_fmt", "yuv420p",

            // Flush after every picture; otherwise each picture's last bytes wait in ffmpeg's 32 KB output buffer for the next one.
            "-flush_packets", "1", "-f", "rawvideo", "pipe:1",
        ]);
        return args;
    }

    /// <inheritdoc />
    /// <exception cref="InvalidOperationException">ffmpeg failed (bad device or option); the message holds its error output.</exception>
    public async ValueTask<bool> ReadFrameAsync(RawVideoFrame destination, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(destination);
        if (destination.Width != Width || destination.Height != Height)
        {
            throw new ArgumentException($"The destination is {destination.Width}×{destination.Height}; this camera produces {Width}×{Height}.", nameof(destination));
        }

        var buffer = destination.Buffer;
        int read = await _process.Output.ReadAtLeastAsync(buffer, buffer.Length, throwOnEndOfStream: false, cancellationToken).ConfigureAwait(false);
        if (read < buffer.Length)
        {
            // A partial picture only comes from a process that stopped: a clean stop ends the stream, a failure throws.
            await _process.EnsureCleanExitAsync().ConfigureAwait(false);
            return false;
        }

        destination.CaptureTime = _options.Realtime ? _clock.Now : await _syntheticClock.NextAsync(cancellationToken).ConfigureAwait(false);
        destination.Index = _index++;
        return true;
    }

    /// <summary>Stops ffmpeg.</summary>
    public ValueTask DisposeAsync() => _process.DisposeAsync();
}
