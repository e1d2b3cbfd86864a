using System.Diagnostics.CodeAnalysis;
using Tandem.Media.Clock;
using Tandem.Media.H264;

namespace Tandem.Media.Video;

/// <summary>
/// Plays an H.264 Annex-B file (or any re-openable stream) as a camera: access units paced at a fixed
/// frame rate on the capture clock, optionally looping.
/// </summary>
/// <remarks>
/// Keyframe requests: the file's GOP is fixed, so a request makes the source skip forward to the next
/// IDR access unit (when looping, past the end to the file's first IDR). The skipped frames are never
/// delivered; the pacing schedule continues, so the IDR goes out in the next frame slot.
/// </remarks>
public sealed class AnnexBFileVideoSource : IVideoSource
{
    private readonly Func<Stream> _open;
    private readonly bool _loop;
    private readonly FramePacer _pacer;
    private AnnexBReader _reader;
    private int _keyframeRequested;
    private int _keyframeRequests;
    private long _index;
    private bool _ended;

    /// <summary>Plays the file at <paramref name="path"/>.</summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first parameter's type (a path or a stream), so no call is ambiguous.")]
    public AnnexBFileVideoSource(string path, MediaClock clock, double frameRate, bool loop = false, bool paced = true)
        : this(() => File.OpenRead(path), clock, frameRate, loop, paced)
    {
    }

    /// <summary>Plays the stream returned by <paramref name="open"/>, which is called again at each loop.</summary>
    [SuppressMessage("ApiDesign", "RS0026:Do not add multiple public overloads with optional parameters", Justification = "The overloads differ in their first parameter's type (a path or a stream), so no call is ambiguous.")]
    public AnnexBFileVideoSource(Func<Stream> open, MediaClock clock, double frameRate, bool loop = false, bool paced = true)
    {
        ArgumentNullException.ThrowIfNull(open);
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(frameRate, 0);
        _open = open;
        _loop = loop;
        FrameRate = frameRate;
        _pacer = FramePacer.ForRate(clock, frameRate, paced);
        _reader = new AnnexBReader(open());
    }

    /// <inheritdoc />
    public double FrameRate { get; }

    /// <summary>Keyframe requests received.</summary>
    internal int KeyframeRequests => Volatile.Read(ref _keyframeRequests);

    /// <inheritdoc />
    public async ValueTask<VideoFrame?> ReadFrameAsync(CancellationToken cancellationToken = default)
    {
        bool skipToKeyframe = Interlocked.Exchange(ref _keyframeRequested, 0) != 0;
        var unit = await NextUnitAsync(cancellationToken).ConfigureAwait(false);
        int scanned = 0;
        while (skipToKeyframe && unit is { IsKeyframe: false })
        {
            unit.Dispose();

            // Bound the skip to one pass over the file: a file without any IDR is delivered as it is.
            if (++scanned > 100_000)
            {
                break;
            }

            unit = await NextUnitAsync(cancellationToken).ConfigureAwait(false);
        }

        if (unit is null)
        {
            return null;
        }

        var instant = await _pacer.NextAsync(cancellationToken).ConfigureAwait(false);
        return new VideoFrame(unit, instant, _index++);
    }

    /// <inheritdoc />
    public void RequestKeyframe()
    {
        Interlocked.Increment(ref _keyframeRequests);
        Interlocked.Exchange(ref _keyframeRequested, 1);
    }

    /// <inheritdoc />
    public ValueTask DisposeAsync()
    {
        _reader.Dispose();
        return ValueTask.CompletedTask;
    }

    private async ValueTask<H264AccessUnit?> NextUnitAsync(CancellationToken cancellationToken)
    {
        if (_ended)
        {
            return null;
        }

        var unit = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        if (unit is null && _loop)
        {
            _reader.Dispose();
            _reader = new AnnexBReader(_open());
            unit = await _reader.ReadAsync(cancellationToken).ConfigureAwait(false);
        }

        _ended = unit is null;
        return unit;
    }
}
