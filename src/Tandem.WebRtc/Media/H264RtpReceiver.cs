using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

/// <summary>
/// Receives H.264 over SRTP: packets of one payload type, put in order and repaired by NACK
/// (<see cref="RtpStreamReceiver"/>), reassembled into Annex-B access units
/// (<see cref="H264Depacketizer"/>). A damaged unit, or any unit before the first keyframe,
/// triggers a rate-limited PLI. The frame
/// callback runs on the receive thread (or the feedback timer) and must copy what it keeps.
/// </summary>
internal sealed class H264RtpReceiver : IRtpPacketSink, IDisposable
{
    private readonly H264Depacketizer _depacketizer;
    private readonly H264FrameHandler _onFrame;
    private long _frames;
    private long _damagedFrames;
    private bool _keyframeSeen;

    /// <summary>Adds a video stream to <paramref name="session"/> and reports each access unit to <paramref name="onFrame"/>.</summary>
    public H264RtpReceiver(RtpMediaSession session, RtpReceiverOptions options, H264FrameHandler onFrame)
    {
        ArgumentNullException.ThrowIfNull(onFrame);
        _onFrame = onFrame;
        _depacketizer = new H264Depacketizer(OnFrame);
        Stream = new RtpStreamReceiver(session, options, this);
    }

    /// <summary>The RTP stream (statistics, NACK and PLI counts).</summary>
    public RtpStreamReceiver Stream { get; }

    /// <summary>Access units delivered.</summary>
    public long FramesReceived => Interlocked.Read(ref _frames);

    /// <summary>Access units delivered with <see cref="H264Frame.IsDamaged"/> set.</summary>
    public long FramesDamaged => Interlocked.Read(ref _damagedFrames);

    /// <summary>Asks the sender for a keyframe (PLI), rate-limited; true if one was sent.</summary>
    public bool RequestKeyframe() => Stream.RequestKeyframe();

    /// <summary>Stops the stream and frees the depacketizer's buffer (also done by <see cref="RtpMediaSession.Dispose"/>).</summary>
    public void Dispose() => Stream.Dispose();

    void IRtpPacketSink.OnRtpPacket(in RtpPacket packet) => _depacketizer.Push(packet);

    void IRtpPacketSink.OnClosed() => _depacketizer.Dispose();

    private void OnFrame(H264Frame frame)
    {
        Interlocked.Increment(ref _frames);
        _keyframeSeen |= frame.IsKeyframe && !frame.IsDamaged;
        if (frame.IsDamaged)
        {
            Interlocked.Increment(ref _damagedFrames);
            Stream.RequestKeyframe();
        }
        else if (!_keyframeSeen)
        {
            // Joined mid-stream (the first keyframe was lost or sent before we listened): nothing
            // decodes until the next IDR, so ask for it now rather than at the encoder's next interval.
            Stream.RequestKeyframe();
        }

        _onFrame(frame);
    }
}
