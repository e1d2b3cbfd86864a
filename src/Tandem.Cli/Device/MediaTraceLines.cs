using System.Globalization;
using System.Threading.Channels;
using Tandem.Client.Sessions;
using Tandem.Client.Streams;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Cli.Device;

/// <summary>
/// <c>--media-trace</c>: what the video sender does over time, for lining it up with the receiver's stats (the
/// outage timeline of <c>bench/bwe.sh</c>). Every 50 ms a <c>trace:</c> line of the sender's counters and the
/// bandwidth estimate, and one per video frame sent, each stamped with the Unix time in ms. Frames are reported
/// on the pacer's thread, so their lines are queued there and written by a task of their own, like the samples.
/// </summary>
internal sealed class MediaTraceLines : IAsyncDisposable
{
    /// <summary>Time between two samples of the counters.</summary>
    public static readonly TimeSpan Interval = TimeSpan.FromMilliseconds(50);

    // Several seconds of lines: beyond it the console is stuck and the oldest lines go.
    private readonly Channel<string> _lines = Channel.CreateBounded<string>(
        new BoundedChannelOptions(1024) { FullMode = BoundedChannelFullMode.DropOldest, SingleReader = true });
    private readonly DeviceSession _session;
    private readonly TimeProvider _time;
    private readonly ITimer _timer;
    private readonly Task _writer;

    /// <summary>Starts tracing <paramref name="session"/> to <paramref name="output"/>, stamped from <paramref name="time"/>.</summary>
    public MediaTraceLines(DeviceSession session, TextWriter output, TimeProvider time)
    {
        _session = session;
        _time = time;
        _session.VideoFrameSent += OnFrameSent;
        _writer = WriteAsync(output);
        _timer = time.CreateTimer(static s => ((MediaTraceLines)s!).Sample(), this, Interval, Interval);
    }

    /// <summary>
    /// The sample line: <c>trace: at=MS target=KBPS sent=KBPS delivered=KBPS loss=F queue=MS usage=normal|overusing|underusing feedbacks=N rtt=MS
    /// packets=N resent=N nacks=N unavailable=N keyframe-requests=N audio-packets=N</c> (<c>-</c> for what is not known yet; the
    /// audio packets sent so far show a stalled audio thread as a count that stops).
    /// </summary>
    public static string FormatSample(long at, RtpOutboundStats video, RtcBandwidthStats? bandwidth, RtpOutboundStats? audio) => string.Create(CultureInfo.InvariantCulture,
        $"trace: at={at} target={Kbps(bandwidth?.TargetBitrate)} sent={Kbps(bandwidth?.SentBitrate)} delivered={Kbps(bandwidth?.DeliveredBitrate)} " +
        $"loss={(bandwidth is null ? "-" : bandwidth.LossFraction.ToString("F2", CultureInfo.InvariantCulture))} " +
        $"queue={(bandwidth is null ? "-" : bandwidth.QueueDelay.TotalMilliseconds.ToString("F0", CultureInfo.InvariantCulture))} " +
        $"usage={bandwidth?.Usage.ToString().ToLowerInvariant() ?? "-"} " +
        $"feedbacks={bandwidth?.TransportFeedbacksReceived.ToString(CultureInfo.InvariantCulture) ?? "-"} " +
        $"rtt={(video.RoundTripTime is { } rtt ? rtt.TotalMilliseconds.ToString("F1", CultureInfo.InvariantCulture) : "-")} " +
        $"packets={video.PacketsSent} resent={video.PacketsResent} nacks={video.NacksReceived} unavailable={video.ResendsUnavailable} keyframe-requests={video.KeyframeRequestsReceived} " +
        $"audio-packets={audio?.PacketsSent.ToString(CultureInfo.InvariantCulture) ?? "-"}");

    /// <summary>
    /// The frame line: <c>trace: at=MS frame=N key=0|1 bytes=B packets=P pacer=MS spread=MS</c> (<c>at</c> when its last
    /// packet left; <c>pacer</c> encoded→first packet sent, <c>spread</c> first→last packet sent).
    /// </summary>
    public static string FormatFrame(long at, in VideoFrameTimeline frame) => string.Create(CultureInfo.InvariantCulture,
        $"trace: at={at} frame={frame.Index} key={(frame.IsKeyframe ? 1 : 0)} bytes={frame.Bytes} packets={frame.Packets} " +
        $"pacer={(frame.FirstPacketSent - frame.Encoded).TotalMilliseconds:F1} spread={(frame.LastPacketSent - frame.FirstPacketSent).TotalMilliseconds:F1}");

    /// <summary>Stops tracing and writes what is queued.</summary>
    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        _session.VideoFrameSent -= OnFrameSent;
        _lines.Writer.TryComplete();
        await _writer.ConfigureAwait(false);
    }

    private static string Kbps(long? bitsPerSecond) => bitsPerSecond is { } b ? (b / 1000).ToString(CultureInfo.InvariantCulture) : "-";

    private long Now() => _time.GetUtcNow().ToUnixTimeMilliseconds();

    private void Sample()
    {
        if (_session.PeerConnection?.GetStats().Media is { VideoSent: { } video } media)
        {
            _lines.Writer.TryWrite(FormatSample(Now(), video, media.Bandwidth, media.AudioSent));
        }
    }

    private void OnFrameSent(VideoFrameTimeline frame) => _lines.Writer.TryWrite(FormatFrame(Now(), frame));

    private async Task WriteAsync(TextWriter output)
    {
        await foreach (var line in _lines.Reader.ReadAllAsync().ConfigureAwait(false))
        {
            await output.WriteLineAsync(line).ConfigureAwait(false);
        }
    }
}
