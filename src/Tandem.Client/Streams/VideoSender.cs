using Tandem.Media.Clock;
using Tandem.Media.Video;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Streams;

/// <summary>
/// Pumps an <see cref="IVideoSource"/> into the current peer connection: each access unit goes out
/// with the 90 kHz RTP timestamp of its capture instant on the shared <see cref="MediaClock"/>
/// (RFC 6184 §5.1), and SRs sample the same clock (<see cref="ReportClock"/>), so the app can line
/// video up with audio. Frames are dropped while no connection can send, and a connection gets no frame
/// before its first keyframe (which the session asks for as soon as the connection's SRTP is keyed).
/// </summary>
public sealed class VideoSender
{
    // Frame intervals of video waiting to leave beyond which the next picture is skipped (see Backlogged).
    private const double BackloggedFrames = 2;

    private readonly IVideoSource _source;
    private readonly MediaClock _clock;
    private readonly SentFrameLog _handedOver = new();

    // The connection the last keyframe went to: a connection that has had none gets only keyframes,
    // since nothing before an IDR can be decoded and every byte of it would delay that IDR in the pacer.
    private PeerConnection? _keyedOn;
    private string? _profileLevelId;
    private long _framesSkipped;

    /// <summary>Creates a sender for <paramref name="source"/>, stamped on <paramref name="clock"/>.</summary>
    public VideoSender(IVideoSource source, MediaClock clock)
    {
        ArgumentNullException.ThrowIfNull(source);
        ArgumentNullException.ThrowIfNull(clock);
        _source = source;
        _clock = clock;
        _profileLevelId = source.ProfileLevelId;
        RtpClock = clock.CreateRtpClock(90_000);
    }

    /// <summary>The 90 kHz RTP clock of the stream.</summary>
    public RtpClock RtpClock { get; }

    /// <summary>
    /// The encoder's <c>profile-level-id</c> (RFC 6184 §8.1): the one the source declares, else that of the
    /// first SPS the source delivered; null until either is known.
    /// </summary>
    public string? ProfileLevelId => Volatile.Read(ref _profileLevelId);

    /// <summary>Pictures the source dropped unencoded because the connection's video was backlogged (<see cref="PeerConnection.VideoQueueTime"/>).</summary>
    public long FramesSkipped => Interlocked.Read(ref _framesSkipped);

    /// <summary>Frames the connection took.</summary>
    public StreamCounters Sent { get; } = new();

    /// <summary>
    /// Raised for each frame once its last packet left for the network, with its way there (capture,
    /// encoder, pacer). Runs on the connection's sending thread while its pacer holds its lock: keep the
    /// handler short (no I/O, no waiting; queue the figure and write it elsewhere).
    /// </summary>
    public event Action<VideoFrameTimeline>? FrameSent;

    /// <summary>SR timestamps of one instant of the capture clock (RFC 3550 §6.4.1).</summary>
    public RtpClockSample ReportClock()
    {
        var times = _clock.SampleSenderReportTimes(RtpClock);
        return new RtpClockSample(times.NtpTimestamp, times.RtpTimestamp);
    }

    /// <summary>Forwards a keyframe request (PLI/FIR) to the encoder.</summary>
    public void RequestKeyframe() => _source.RequestKeyframe();

    /// <summary>Passes the network's target for the video (bits per second) to the source's encoder.</summary>
    public void SetTargetBitrate(long bitsPerSecond) => _source.SetTargetBitrate((int)Math.Clamp(bitsPerSecond, 1, int.MaxValue));

    /// <summary>Sends frames to <paramref name="target"/>'s current connection until the source ends or <paramref name="cancellationToken"/> fires.</summary>
    public async Task RunAsync(Func<PeerConnection?> target, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(target);
        try
        {
            while (!cancellationToken.IsCancellationRequested)
            {
                if (Backlogged(target()) && await _source.SkipFrameAsync(cancellationToken).ConfigureAwait(false))
                {
                    Interlocked.Increment(ref _framesSkipped);
                    continue;
                }

                using var frame = await _source.ReadFrameAsync(cancellationToken).ConfigureAwait(false);
                if (frame is null)
                {
                    return;
                }

                var encoded = _clock.Now;

                LearnProfile(frame);
                if (target() is not { } pc || (pc != _keyedOn && !frame.IsKeyframe))
                {
                    continue;
                }

                var rtpTimestamp = RtpClock.ToRtpTimestamp(frame.CaptureTime);
                if (FrameSent is not null)
                {
                    // Before sending: the pacer may send the whole frame within the call.
                    _handedOver.Add(rtpTimestamp, frame.Index, frame.IsKeyframe, frame.CaptureTime, frame.EncodeDuration, encoded);
                }

                var sent = await SendAsync(pc, frame, rtpTimestamp, cancellationToken).ConfigureAwait(false);
                if (sent)
                {
                    Sent.Add(frame.AccessUnit.Length, frame.IsKeyframe);
                    if (frame.IsKeyframe)
                    {
                        _keyedOn = pc;
                    }
                }
            }
        }
        catch (OperationCanceledException) when (cancellationToken.IsCancellationRequested)
        {
            // Stopped.
        }
    }

    /// <summary>The connection sent a frame's last packet: completes its timeline when someone listens.</summary>
    internal void OnFrameSent(VideoFrameSendTiming timing)
    {
        if (FrameSent is { } handlers && _handedOver.TryTake(timing.RtpTimestamp, out var frame))
        {
            handlers(new VideoFrameTimeline(frame.Index, frame.IsKeyframe, frame.Captured, frame.EncodeDuration, frame.Encoded,
                _clock.FromTimestamp(timing.FirstPacketSent), _clock.FromTimestamp(timing.LastPacketSent), timing.Packets, timing.Bytes));
        }
    }

    private static async ValueTask<bool> SendAsync(PeerConnection pc, VideoFrame frame, uint rtpTimestamp, CancellationToken cancellationToken)
    {
        try
        {
            return await pc.SendVideoAsync(frame.AccessUnit.Data, rtpTimestamp, cancellationToken).ConfigureAwait(false);
        }
        catch (ObjectDisposedException)
        {
            // The connection was replaced while this frame was on its way: drop the frame.
            return false;
        }
    }

    // More than two frame intervals of video still waiting at the connection's target (libwebrtc's encoder drops a frame
    // when the pacer is behind): the next picture would only wait behind them — and make the ones after it wait longer.
    private bool Backlogged(PeerConnection? pc) =>
        pc is not null && pc == _keyedOn && pc.VideoQueueTime.TotalSeconds * _source.FrameRate > BackloggedFrames;

    private void LearnProfile(VideoFrame frame)
    {
        if (_profileLevelId is null && frame.AccessUnit.TryGetSps(out var sps))
        {
            Volatile.Write(ref _profileLevelId, sps.ProfileLevelId);
        }
    }
}
