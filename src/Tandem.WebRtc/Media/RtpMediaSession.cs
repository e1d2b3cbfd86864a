using System.Security.Cryptography;
using System.Text;
using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Srtp;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.Media;

/// <summary>
/// The SRTP media path of one peer over one transport (the RTP sub-transport of a
/// <see cref="DatagramDemux"/>, with rtcp-mux as RFC 5761 §4 defines): protects what its senders
/// send, unprotects and routes what arrives (RTP by payload type to receivers, RTCP feedback by
/// SSRC to senders), and runs the RTCP timers: SR/RR reports (RFC 3550 §6.4) and NACK/PLI feedback
/// (RFC 4585). Codec-agnostic: streams are added with <see cref="H264RtpSender"/>,
/// <see cref="OpusRtpSender"/>, <see cref="H264RtpReceiver"/> and <see cref="OpusRtpReceiver"/>.
/// The session owns the <see cref="SrtpSession"/> and the streams added to it.
/// </summary>
internal sealed partial class RtpMediaSession : IDisposable
{
    /// <summary>Largest datagram sent or accepted (RTP/RTCP plus SRTP overhead).</summary>
    internal const int MaxDatagramSize = 1500;

    private readonly IDatagramTransport _transport;
    private readonly SrtpSession _srtp;
    private readonly RtpMediaSessionOptions _options;
    private readonly byte[] _cname;

    // SrtpContext is not thread-safe. The local (protect) context is used by the encoder threads,
    // by NACK resends on the receive thread and by the RTCP timers; the remote one by the receive
    // thread only, but Dispose must not free it under a packet. Lock order: _unprotectLock, then a
    // receiver's lock, then _protectLock, then _registrationLock; never the other way.
    private readonly Lock _protectLock = new();
    private readonly Lock _unprotectLock = new();
    private readonly byte[] _receiveBuffer = new byte[MaxDatagramSize];

    // Copy-on-write arrays: the receive thread and timers read them without locking.
    private RtpStreamSender[] _senders = [];
    private RtpStreamReceiver[] _receivers = [];
    private readonly Lock _registrationLock = new();
    private bool _disposed;

    /// <summary>
    /// Starts the media path over <paramref name="transport"/> with <paramref name="srtp"/>
    /// (e.g. from <see cref="DtlsSrtpKeying.CreateSrtpSession"/>).
    /// </summary>
    public RtpMediaSession(IDatagramTransport transport, SrtpSession srtp, RtpMediaSessionOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(transport);
        ArgumentNullException.ThrowIfNull(srtp);
        _transport = transport;
        _srtp = srtp;
        _options = options ?? new RtpMediaSessionOptions();
        Ssrc = _options.Ssrc != 0 ? _options.Ssrc : RandomSsrc();
        _cname = Encoding.UTF8.GetBytes(_options.Cname);
        _scheduler = new RtcpReportScheduler(_options.ReportInterval);
        TimeProvider = _options.TimeProvider;
        _reportTimer = TimeProvider.CreateTimer(static s => ((RtpMediaSession)s!).OnReportTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        _feedbackTimer = TimeProvider.CreateTimer(static s => ((RtpMediaSession)s!).OnFeedbackTimer(), this, Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
        BandwidthEstimator = new SendSideBandwidthEstimator(_options.StartBitrate, _options.MinimumBitrate, _options.MaximumBitrate);
        _announcedTarget = BandwidthEstimator.TargetBitrate;
        _pacer = _options.Pacing
            ? new RtpPacer(SendPacedRtp, ReturnBuffer, BandwidthEstimator.TargetBitrate, TimeProvider) { ProbePadding = _options.Probing ? CreateProbePadding : null, BytesInFlight = () => _sentLog.BytesInFlight }
            : null;
        _probeController = new ProbeController(_options.MaximumBitrate);
        _transport.Received += OnDatagram;
        _reportTimer.Change(IdleReportDelay, Timeout.InfiniteTimeSpan);
        _feedbackTimer.Change(_options.FeedbackInterval, Timeout.InfiniteTimeSpan);
    }

    /// <summary>SSRC of RRs and feedback sent while no stream of ours is sending.</summary>
    public uint Ssrc { get; }

    /// <summary>The clock of timers and statistics.</summary>
    public TimeProvider TimeProvider { get; }

    /// <summary>Received datagrams dropped because SRTP/SRTCP rejected them (bad tag, replay) or they were not RTP/RTCP.</summary>
    public long DroppedDatagrams => Interlocked.Read(ref _droppedDatagrams);

    /// <summary>Received RTP packets whose payload type no receiver takes.</summary>
    public long UnroutedPackets => Interlocked.Read(ref _unroutedPackets);

    /// <summary>Stops the timers and the receive path, and frees the streams and the SRTP contexts.</summary>
    public void Dispose()
    {
        _transport.Received -= OnDatagram;
        _pacer?.Dispose();
        _reportTimer.Dispose();
        _feedbackTimer.Dispose();
        lock (_unprotectLock)
        {
            lock (_protectLock)
            {
                lock (_registrationLock)
                {
                    if (_disposed)
                    {
                        return;
                    }

                    _disposed = true;
                }

                // Both contexts are idle: every use checks _disposed under these locks first.
                _srtp.Dispose();
            }
        }

        // Outside the session's locks: a receiver's lock comes before _protectLock.
        foreach (var receiver in _receivers)
        {
            receiver.Dispose();
        }

        foreach (var sender in _senders)
        {
            sender.Dispose();
        }
    }

    internal void Add(RtpStreamSender sender)
    {
        lock (_registrationLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Array.Exists(_senders, s => s.Ssrc == sender.Ssrc))
            {
                throw new ArgumentException($"A sender with SSRC {sender.Ssrc} exists.", nameof(sender));
            }

            Volatile.Write(ref _senders, [.. _senders, sender]);
        }
    }

    internal void Add(RtpStreamReceiver receiver)
    {
        lock (_registrationLock)
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (Array.Exists(_receivers, r => Takes(r, receiver.PayloadType) || (receiver.RtxPayloadType is { } rtx && Takes(r, rtx))))
            {
                throw new ArgumentException($"A receiver for payload type {receiver.PayloadType} (or its RTX) exists.", nameof(receiver));
            }

            Volatile.Write(ref _receivers, [.. _receivers, receiver]);
        }
    }

    private static bool Takes(RtpStreamReceiver receiver, byte payloadType) =>
        receiver.PayloadType == payloadType || receiver.RtxPayloadType == payloadType;

    /// <summary>The SSRC that feedback and RRs are sent from: the first sending stream's, else <see cref="Ssrc"/>.</summary>
    internal uint FeedbackSsrc
    {
        get
        {
            var senders = Volatile.Read(ref _senders);
            return senders.Length > 0 ? senders[0].Ssrc : Ssrc;
        }
    }

    private static uint RandomSsrc()
    {
        Span<byte> bytes = stackalloc byte[4];
        uint value;
        do
        {
            RandomNumberGenerator.Fill(bytes);
            value = BitConverter.ToUInt32(bytes);
        }
        while (value == 0);
        return value;
    }
}
