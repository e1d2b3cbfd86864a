using Tandem.Media.Video;

namespace Tandem.Samples.PhoneApp;

/// <summary>
/// A video sink standing in for a decoder and renderer: it checks what a decoder relies on (the stream
/// starts at a keyframe, every unit is Annex-B) and counts frames, keyframes and frames that came with a
/// presentation time. Called by the session's video task, one frame at a time.
/// </summary>
internal sealed class FrameCounter : IVideoSink
{
    private long _frames;
    private long _keyframes;
    private long _placed;
    private volatile string? _problem;

    public long Frames => Interlocked.Read(ref _frames);

    public long Keyframes => Interlocked.Read(ref _keyframes);

    /// <summary>Frames with a presentation time on the app's clock (all but the first half second or so).</summary>
    public long Placed => Interlocked.Read(ref _placed);

    /// <summary>The first thing a decoder would have choked on, if any.</summary>
    public string? Problem => _problem;

    public ValueTask WriteFrameAsync(ReceivedVideoFrame frame, CancellationToken cancellationToken = default)
    {
        var unit = frame.AnnexB.Span;
        if (Frames == 0 && !frame.IsKeyframe)
        {
            _problem ??= "the first frame is not a keyframe";
        }

        if (!unit.StartsWith((ReadOnlySpan<byte>)[0, 0, 1]) && !unit.StartsWith((ReadOnlySpan<byte>)[0, 0, 0, 1]))
        {
            _problem ??= $"frame {Frames} does not start with an Annex-B start code";
        }

        Interlocked.Increment(ref _frames);
        if (frame.IsKeyframe)
        {
            Interlocked.Increment(ref _keyframes);
        }

        if (frame.PresentationTime is not null)
        {
            Interlocked.Increment(ref _placed);
        }

        return ValueTask.CompletedTask;
    }
}
