using Tandem.Media.Clock;
using Tandem.Media.H264;
using Tandem.Media.RawVideo;

namespace Tandem.Media.Video;

/// <summary>
/// A camera backed by an ffmpeg child process: the <c>testsrc2</c> pattern (or a V4L2 device)
/// encoded by libx264 (constrained baseline, zero-latency, no B-frames) as Annex-B on stdout, split
/// into access units by <see cref="AnnexBReader"/>.
/// </summary>
/// <remarks>
/// Capture instants: in real-time mode the clock's time when the access unit arrives from the pipe
/// (capture plus encoder latency); otherwise a synthetic schedule of one frame interval per frame.
/// Keyframe requests follow <see cref="FfmpegVideoSourceOptions.KeyframePolicy"/>: by default the
/// process is restarted (at most once per <see cref="FfmpegVideoSourceOptions.MinRestartInterval"/>),
/// since the ffmpeg CLI offers no way to force an IDR into a running encode.
/// </remarks>
internal sealed partial class FfmpegVideoSource : IVideoSource
{
    private readonly FfmpegVideoSourceOptions _options;
    private readonly MediaClock _clock;
    private readonly FramePacer _syntheticClock;
    private FfmpegProcess? _process;
    private AnnexBReader? _reader;
    private MediaInstant _lastStart;
    private int _keyframeRequested;
    private long _index;

    /// <summary>Starts ffmpeg.</summary>
    /// <exception cref="System.ComponentModel.Win32Exception">ffmpeg could not be started.</exception>
    public FfmpegVideoSource(FfmpegVideoSourceOptions options, MediaClock clock)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(clock);
        _options = options;
        _clock = clock;
        _syntheticClock = FramePacer.ForRate(clock, options.FrameRate, paced: false);
        StartProcess();
    }

    /// <inheritdoc />
    public double FrameRate => _options.FrameRate;

    /// <summary>How many times ffmpeg has been (re)started.</summary>
    public int ProcessStarts { get; private set; }

    /// <inheritdoc />
    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        if (Volatile.Read(ref _keyframeRequested) != 0 && _clock.Now - _lastStart >= _options.MinRestartInterval)
        {
            Interlocked.Exchange(ref _keyframeRequested, 0);
            await StopProcessAsync().ConfigureAwait(false);
            StartProcess();
        }

        var unit = await _reader!.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (unit is null)
        {
            await EnsureCleanExitAsync().ConfigureAwait(false);
            return null;
        }

        if (unit.IsKeyframe)
        {
            // A natural IDR satisfies any pending request; no restart needed.
            Interlocked.Exchange(ref _keyframeRequested, 0);
        }

        var instant = _options.Realtime ? _clock.Now : await _syntheticClock.NextAsync(cancellationToken).ConfigureAwait(false);
        return new VideoFrame(unit, instant, _index++);
    }

    /// <summary>Restarts ffmpeg (rate-limited) or does nothing, per <see cref="FfmpegVideoSourceOptions.KeyframePolicy"/>.</summary>
    public void RequestKeyframe()
    {
        if (_options.KeyframePolicy == KeyframeRequestPolicy.Restart)
        {
            Interlocked.Exchange(ref _keyframeRequested, 1);
        }
    }

    /// <summary>Stops ffmpeg.</summary>
    public async ValueTask DisposeAsync() => await StopProcessAsync().ConfigureAwait(false);
}
