using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Media;
using Tandem.WebRtc.Payloads.H264;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    // Serialize each direction's senders: H264RtpSender and OpusRtpSender take one caller at a time.
    private readonly SemaphoreSlim _videoSendLock = new(1, 1);
    private readonly SemaphoreSlim _audioSendLock = new(1, 1);
    private DatagramDemux? _demux;
    private EarlyDatagramBuffer? _rtpTransport;
    private RtpMediaSession? _mediaSession;
    private H264RtpSender? _videoSender;
    private OpusRtpSender? _audioSender;
    private H264RtpReceiver? _videoReceiver;
    private OpusRtpReceiver? _audioReceiver;
    private long _videoFramesSent;
    private long _audioPacketsSent;
    private long _audioPacketsReceived;

    // UTC ticks of setup steps seen on the media threads, set once with CompareExchange (0 = not yet).
    private long _mediaStartedTicks;
    private long _firstRtpSentTicks;
    private long _firstKeyframeTicks;

    /// <summary>
    /// Raised when the peer asked for a keyframe (PLI or FIR), or NACKed video we can no longer resend, rate-limited: ask the encoder for an IDR.
    /// Runs on the receive thread.
    /// </summary>
    public event Action? KeyframeRequested;

    /// <summary>
    /// Raised for each H.264 access unit received (Annex-B, with its 90 kHz timestamp), on the receive
    /// thread; the frame is only valid during the call, so copy what you keep.
    /// </summary>
    public event H264FrameHandler? VideoFrameReceived;

    /// <summary>Raised for each Opus packet received, in sequence order, on the receive thread; copy what you keep.</summary>
    public event OpusRtpPacketHandler? AudioPacketReceived;

    /// <summary>
    /// Raised when the last packet of a video frame we sent left for the network (after the pacer), with when
    /// its first and last packets left: with the frame's capture time, where its latency went. Runs on the
    /// sending thread while the pacer holds its lock: keep the handler short (no I/O, no waiting).
    /// </summary>
    public event Action<VideoFrameSendTiming>? VideoFrameSent;

    /// <summary>Raised once SRTP is keyed and media can flow (once per DTLS session).</summary>
    public event Action? MediaStarted;

    /// <summary>What the last completed offer/answer exchange negotiated (all false before).</summary>
    public RtcNegotiatedMedia NegotiatedMedia { get { lock (_gate) { return _plan?.ToNegotiated() ?? RtcNegotiatedMedia.None; } } }

    /// <summary>The receive-side timeline of the peer's audio and video (lip sync), once media started.</summary>
    public RtpMediaTimeline? MediaTimeline => Volatile.Read(ref _mediaSession)?.Timeline;

    /// <summary>
    /// Sends one H.264 Annex-B access unit stamped <paramref name="rtpTimestamp90k"/> (its capture time).
    /// Thread-safe. Returns false, sending nothing, until media started or when we do not send video.
    /// </summary>
    public async ValueTask<bool> SendVideoAsync(ReadOnlyMemory<byte> annexBAccessUnit, uint rtpTimestamp90k, CancellationToken ct = default)
    {
        if (Volatile.Read(ref _videoSender) is not { } sender)
        {
            return false;
        }

        await _videoSendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await sender.SendAsync(annexBAccessUnit, rtpTimestamp90k, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _videoFramesSent);
            MarkOnce(ref _firstRtpSentTicks);
            return true;
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
        {
            // Closed under us: like a lost datagram.
            return false;
        }
        finally
        {
            _videoSendLock.Release();
        }
    }

    /// <summary>
    /// Sends one Opus packet stamped <paramref name="rtpTimestamp48k"/> (48 kHz units, RFC 7587 §4.1).
    /// Thread-safe. Returns false, sending nothing, until media started or when we do not send audio.
    /// </summary>
    public async ValueTask<bool> SendAudioAsync(ReadOnlyMemory<byte> opusPacket, uint rtpTimestamp48k, CancellationToken ct = default)
    {
        if (Volatile.Read(ref _audioSender) is not { } sender)
        {
            return false;
        }

        await _audioSendLock.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await sender.SendAsync(opusPacket, rtpTimestamp48k, ct).ConfigureAwait(false);
            Interlocked.Increment(ref _audioPacketsSent);
            MarkOnce(ref _firstRtpSentTicks);
            return true;
        }
        catch (Exception e) when (e is ObjectDisposedException or IOException or InvalidOperationException)
        {
            return false;
        }
        finally
        {
            _audioSendLock.Release();
        }
    }

    /// <summary>
    /// Raised on the receive thread when the bandwidth estimate moves the video's share of the
    /// connection's target (bits per second): what the encoder should aim at. Audio's rate is taken
    /// off first.
    /// </summary>
    public event Action<long>? TargetBitrateChanged;

    /// <summary>The video's share of the connection's current target in bits per second, or null before media started.</summary>
    public long? VideoTargetBitrate => Volatile.Read(ref _mediaSession) is { } session ? VideoShare(session.BandwidthEstimator.TargetBitrate) : null;

    /// <summary>
    /// How long the video handed to <see cref="SendVideoAsync"/> still waits to leave, at the connection's target
    /// (zero before media started or without pacing). More than a frame interval or two means the link is narrower than
    /// what the encoder made (after a step down, or while the congestion window holds video back): an encoder in this
    /// process should skip its next picture rather than encode into the backlog, as <c>VideoSender</c> does.
    /// </summary>
    public TimeSpan VideoQueueTime => Volatile.Read(ref _mediaSession)?.VideoQueueTime ?? TimeSpan.Zero;

    /// <summary>Asks the peer for a keyframe of its video (PLI, RFC 4585 §6.3.1), rate-limited; true if one was sent.</summary>
    public bool RequestKeyframe() => Volatile.Read(ref _videoReceiver)?.RequestKeyframe() ?? false;

    /// <summary>
    /// The one transport-wide sequence number id of the BUNDLE transport: the negotiated sections' id when
    /// they agree (else none, as one number must mean one extension on the shared transport).
    /// </summary>
    private static int TransportExtensionOf(MediaPlan plan)
    {
        var video = plan.Video?.TransportExtensionId ?? 0;
        var audio = plan.Audio?.TransportExtensionId ?? 0;
        return video == 0 ? audio : audio == 0 || audio == video ? video : 0;
    }

    // Opus at our settings, with RTP/SRTP/UDP overhead: taken off the connection's target first.
    private const long AudioShare = 48_000;

    // Video never gets less than this (an encoder below it only makes noise).
    private const long MinimumVideoBitrate = 50_000;

    private long VideoShare(long target) =>
        Math.Max(MinimumVideoBitrate, target - (Volatile.Read(ref _audioSender) is null ? 0 : AudioShare));

    private void OnTargetBitrateChanged(long target) =>
        Ice.SubscriberDispatch.Invoke(TargetBitrateChanged, VideoShare(target), "PeerConnection.TargetBitrateChanged", _options.Logger);

    private static DateTimeOffset? FromTicks(ref long ticks) =>
        Volatile.Read(ref ticks) is var value and not 0 ? new DateTimeOffset(value, TimeSpan.Zero) : null;

    private void MarkOnce(ref long ticks) => Interlocked.CompareExchange(ref ticks, _time.GetUtcNow().UtcTicks, 0);

    private PeerConnectionStats WithMediaSteps(PeerConnectionStats stats) => stats with
    {
        MediaStartedAt = FromTicks(ref _mediaStartedTicks),
        FirstRtpSentAt = FromTicks(ref _firstRtpSentTicks),
        FirstKeyframeReceivedAt = FromTicks(ref _firstKeyframeTicks),
        Media = GetMediaStats(),
    };

    private PeerConnectionMediaStats? GetMediaStats() => Volatile.Read(ref _mediaSession) is not { } session ? null
        : PeerConnectionMediaStats.From(
            session,
            Volatile.Read(ref _videoSender),
            Interlocked.Read(ref _videoFramesSent),
            Volatile.Read(ref _audioSender),
            Interlocked.Read(ref _audioPacketsSent),
            Volatile.Read(ref _videoReceiver),
            Volatile.Read(ref _audioReceiver),
            Interlocked.Read(ref _audioPacketsReceived));

    /// <summary>
    /// After the handshake: keys SRTP from DTLS (RFC 5764 §4.2) and starts the media session with a
    /// sender and a receiver per negotiated direction, each with the negotiated payload type.
    /// </summary>
    private void StartMedia(DtlsTransport dtls)
    {
        MediaPlan? plan;
        EarlyDatagramBuffer? transport;
        lock (_gate)
        {
            if (_closed || _mediaSession is not null)
            {
                return;
            }

            (plan, transport) = (_plan, _rtpTransport);
        }

        if (plan is null || transport is null || !plan.HasMedia)
        {
            return;
        }

        var session = new RtpMediaSession(transport, DtlsSrtpKeying.CreateSrtpSession(dtls), new RtpMediaSessionOptions
        {
            Cname = _media.Cname,
            TimeProvider = _time,
            TransportSequenceExtensionId = TransportExtensionOf(plan),
            Pacing = TransportExtensionOf(plan) != 0,
        });
        session.TargetBitrateChanged += OnTargetBitrateChanged;
        if (plan.Video is { } video)
        {
            if (video.Send)
            {
                var sender = new H264RtpSender(session, new RtpSenderOptions
                {
                    Ssrc = _media.VideoSsrc,
                    PayloadType = video.PayloadType,
                    ClockRate = H264RtpSender.ClockRate,
                    Mid = video.Mid,
                    MidExtensionId = video.MidExtensionId,
                    ReportClock = _options.VideoReportClock,
                    RtxSsrc = video.RtxPayloadType is null ? 0 : _media.VideoRtxSsrc,
                    RtxPayloadType = video.RtxPayloadType ?? 0,
                    DropFractionForTesting = _options.VideoPacketLossForTesting,
                }, _media.Features.VideoMtu);
                sender.KeyframeRequested += () => Ice.SubscriberDispatch.Invoke(KeyframeRequested, "PeerConnection.KeyframeRequested", _options.Logger);
                session.TrackVideoFrames(_media.VideoSsrc);
                session.VideoFrameSent += timing => Ice.SubscriberDispatch.Invoke(VideoFrameSent, timing, "PeerConnection.VideoFrameSent", _options.Logger);
                Volatile.Write(ref _videoSender, sender);
            }

            if (video.Receive)
            {
                Volatile.Write(ref _videoReceiver, new H264RtpReceiver(
                    session,
                    new RtpReceiverOptions
                    {
                        PayloadType = video.PayloadType,
                        ClockRate = H264RtpSender.ClockRate,
                        Nack = video.Nack,
                        RtxPayloadType = video.RtxPayloadType,
                    },
                    frame =>
                    {
                        if (frame.IsKeyframe && Volatile.Read(ref _firstKeyframeTicks) == 0)
                        {
                            MarkOnce(ref _firstKeyframeTicks);
                        }

                        RaiseVideoFrame(frame);
                    }));
            }
        }

        if (plan.Audio is { } audio)
        {
            if (audio.Send)
            {
                Volatile.Write(ref _audioSender, new OpusRtpSender(session, new RtpSenderOptions
                {
                    Ssrc = _media.AudioSsrc,
                    PayloadType = audio.PayloadType,
                    ClockRate = Payloads.Opus.OpusRtp.ClockRate,
                    Mid = audio.Mid,
                    MidExtensionId = audio.MidExtensionId,
                    HistoryCapacity = 0,
                    ReportClock = _options.AudioReportClock,
                }));
            }

            if (audio.Receive)
            {
                // No NACK for audio: a short hold for reordering, then Opus FEC/concealment covers the gap.
                Volatile.Write(ref _audioReceiver, new OpusRtpReceiver(
                    session,
                    new RtpReceiverOptions
                    {
                        PayloadType = audio.PayloadType,
                        ClockRate = Payloads.Opus.OpusRtp.ClockRate,
                        Nack = false,
                        ReorderDelay = TimeSpan.FromMilliseconds(60),
                    },
                    (packet, timestamp, sequence) =>
                    {
                        Interlocked.Increment(ref _audioPacketsReceived);
                        RaiseAudioPacket(packet, timestamp, sequence);
                    }));
            }
        }

        bool closed;
        lock (_gate)
        {
            closed = _closed;
            if (!closed)
            {
                MarkOnce(ref _mediaStartedTicks);
                _mediaSession = session;

                // The start target reaches the encoder before the first keyframe is asked for (MediaStarted): the session
                // announces only changes, and an encoder opened at its ceiling would send that keyframe at a rate the link may not carry.
                if (plan.Video?.Send == true)
                {
                    Raise(() => OnTargetBitrateChanged(session.BandwidthEstimator.TargetBitrate));
                }

                Raise(() => Ice.SubscriberDispatch.Invoke(MediaStarted, "PeerConnection.MediaStarted", _options.Logger));
            }
        }

        if (closed)
        {
            session.Dispose();
        }
        else
        {
            // Every stream exists now: what arrived while DTLS finished on our side can be routed.
            transport.Open();
        }

        FlushEvents();
    }
}
