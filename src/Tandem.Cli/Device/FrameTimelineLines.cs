using System.Globalization;
using System.Threading.Channels;
using Tandem.Client.Sessions;
using Tandem.Client.Streams;

namespace Tandem.Cli.Device;

/// <summary>
/// <c>--frame-timeline</c>: a <c>frame:</c> line per video frame sent, with where its time went before it
/// reached the network (milliseconds). The session reports frames on its sending thread, so they are
/// queued there and written by a task of their own: the pacer never waits for the console.
/// </summary>
internal sealed class FrameTimelineLines : IAsyncDisposable
{
    // A second and more of frames: beyond it the console is stuck and the oldest lines go.
    private readonly Channel<VideoFrameTimeline> _frames = Channel.CreateBounded<VideoFrameTimeline>(
        new BoundedChannelOptions(256) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly DeviceSession _session;
    private readonly Task _writer;

    /// <summary>Starts writing <paramref name="session"/>'s frames to <paramref name="output"/>.</summary>
    public FrameTimelineLines(DeviceSession session, TextWriter output)
    {
        _session = session;
        _session.VideoFrameSent += OnFrameSent;
        _writer = WriteAsync(output);
    }

    /// <summary>
    /// The line of one frame: <c>frame: index=N key=0|1 bytes=B packets=P captured-encoded=MS encode=MS
    /// encoded-first=MS first-last=MS</c> (<c>encode</c> is the encoder's part of captured-encoded, <c>-</c> when unknown).
    /// </summary>
    public static string Format(in VideoFrameTimeline frame) => string.Create(CultureInfo.InvariantCulture,
        $"frame: index={frame.Index} key={(frame.IsKeyframe ? 1 : 0)} bytes={frame.Bytes} packets={frame.Packets} " +
        $"captured-encoded={Ms(frame.Encoded - frame.Captured)} encode={(frame.EncodeDuration is { } encode ? Ms(encode) : "-")} " +
        $"encoded-first={Ms(frame.FirstPacketSent - frame.Encoded)} first-last={Ms(frame.LastPacketSent - frame.FirstPacketSent)}");

    /// <summary>Stops listening and writes what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        _session.VideoFrameSent -= OnFrameSent;
        _frames.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private static string Ms(TimeSpan span) => span.TotalMilliseconds.ToString("F2", CultureInfo.InvariantCulture);

    private void OnFrameSent(VideoFrameTimeline frame) => _frames.Writer.TryWrite(frame);

    private async Task WriteAsync(TextWriter output)
    {
        await foreach (var frame in _frames.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await output.WriteLineAsync(Format(frame)).ConfigureAwait(false);
        }
    }
}
