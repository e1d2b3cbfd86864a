using System.Text;
using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

/// <summary>
/// One outgoing RTP stream (RFC 3550 §5.1): numbers and stamps packets, adds the MID header
/// extension (RFC 8843 §15), keeps a history to answer generic NACKs (RFC 4585 §6.2.1) with the
/// same packet or its RFC 4588 retransmission, counts for SRs, and turns PLI/FIR into a rate-limited
/// <see cref="KeyframeRequested"/>. Packets are built into pooled buffers; sending never allocates
/// once warm. Built by <see cref="H264RtpSender"/> and <see cref="OpusRtpSender"/>.
/// </summary>
internal sealed partial class RtpStreamSender : IDisposable
{
    private readonly RtpMediaSession _session;
    private readonly RtpSenderOptions _options;
    private readonly RtpSendHistory? _history;
    private readonly RtcpKeyframeRequestThrottle _keyframeThrottle;
    private readonly byte[] _mid;
    private readonly List<PendingPacket> _pending = new(64);
    private ushort _sequenceNumber;
    private long _packetsResent;
    private long _bytesResent;
    private long _resendsUnavailable;
    private int _rtxSequenceNumber = Random.Shared.Next(ushort.MaxValue + 1);
    private long _nacksReceived;
    private int _keyframeRequestsReceived;
    private long _keyframesAfterSilence;
    private double _dropCredit;

    // Last sent timestamp and when it was sent, for SRs without a capture clock.
    private readonly Lock _timingLock = new();
    private uint _lastTimestamp;
    private long _lastSentAt;
    private bool _sentAny;

    internal RtpStreamSender(RtpMediaSession session, RtpSenderOptions options)
    {
        ArgumentNullException.ThrowIfNull(session);
        ArgumentNullException.ThrowIfNull(options);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(options.PayloadType, (byte)127);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.ClockRate, 1);
        if (options.MidExtensionId != 0 && (options.MidExtensionId is < 1 or > 14 || string.IsNullOrEmpty(options.Mid) || options.Mid.Length > 16))
        {
            throw new ArgumentException("The MID extension needs an id of 1–14 and a MID of 1–16 bytes.", nameof(options));
        }

        if (options.RtxSsrc != 0 && (options.RtxPayloadType > 127 || options.RtxPayloadType == options.PayloadType || options.RtxSsrc == options.Ssrc))
        {
            throw new ArgumentException("RTX needs its own SSRC and a payload type of 0–127 other than the media's (RFC 4588 §8).", nameof(options));
        }

        _session = session;
        _options = options;
        _mid = options.MidExtensionId != 0 ? Encoding.ASCII.GetBytes(options.Mid!) : [];
        _history = options.HistoryCapacity > 0
            ? new RtpSendHistory(options.HistoryCapacity, RtpMediaSession.MaxDatagramSize, options.HistoryMaxAge, session.TimeProvider)
            : null;
        _keyframeThrottle = new RtcpKeyframeRequestThrottle(options.MinKeyframeInterval, session.TimeProvider);
        Statistics = new RtpSendStatistics(options.Ssrc, session.TimeProvider);

        // RFC 3550 §5.1: the initial sequence number should be random.
        _sequenceNumber = (ushort)Random.Shared.Next(ushort.MaxValue + 1);
        try
        {
            session.Add(this);
        }
        catch
        {
            _history?.Dispose();
            throw;
        }
    }

    /// <summary>
    /// Raised (at most once per <see cref="RtpSenderOptions.MinKeyframeInterval"/>) when the receiver asked for a keyframe with
    /// PLI or FIR, or NACKed a packet the history no longer holds (its picture is broken until a keyframe).
    /// </summary>
    public event Action? KeyframeRequested;

    /// <summary>The stream's SSRC.</summary>
    public uint Ssrc => _options.Ssrc;

    /// <summary>The stream's payload type.</summary>
    public byte PayloadType => _options.PayloadType;

    /// <summary>Packet and octet counts, and what the receiver reported back.</summary>
    public RtpSendStatistics Statistics { get; }

    /// <summary>Packets resent in answer to NACKs.</summary>
    public long PacketsResent => Interlocked.Read(ref _packetsResent);

    /// <summary>Bytes of the packets resent (whole RTP packets, before SRTP).</summary>
    public long BytesResent => Interlocked.Read(ref _bytesResent);

    /// <summary>Packets a NACK asked for that the history no longer held (older than its age, or overwritten): counted, not an error.</summary>
    public long ResendsUnavailable => Interlocked.Read(ref _resendsUnavailable);

    /// <summary>The RFC 4588 retransmission stream's SSRC; 0 when resends go on <see cref="Ssrc"/>.</summary>
    public uint RtxSsrc => _options.RtxSsrc;

    /// <summary>Generic NACK packets received for this stream (W3C outbound-rtp <c>nackCount</c>).</summary>
    public long NacksReceived => Interlocked.Read(ref _nacksReceived);

    /// <summary>Times the peer was heard again after a silence this stream had sent into for longer than its history's age (<see cref="OnPeerHeardAgain"/>).</summary>
    public long KeyframesAfterSilence => Interlocked.Read(ref _keyframesAfterSilence);

    /// <summary>Keyframe requests received (before rate limiting).</summary>
    public int KeyframeRequestsReceived => Volatile.Read(ref _keyframeRequestsReceived);

    /// <summary>Returns the history's pooled storage.</summary>
    public void Dispose() => _history?.Dispose();

    /// <summary>Builds one RTP packet around <paramref name="payload"/> into a pooled buffer, queued for <see cref="FlushAsync"/>.</summary>
    internal void Enqueue(ReadOnlySpan<byte> payload, uint rtpTimestamp, bool marker)
    {
        var buffer = RtpMediaSession.RentBuffer();
        var header = new RtpHeader(_options.PayloadType, _sequenceNumber, rtpTimestamp, _options.Ssrc, marker);
        var transportId = _session.TransportSequenceExtensionId;
        // Once the peer has reported on this stream, packets carrying the MID reached it: media packets leave it out from
        // then on, 4 bytes a packet less (RFC 9143 §15: the MID in packets at the start; RFC 7941 §4.2.3: a report block
        // shows a header extension was delivered; libwebrtc stops the same way). Padding keeps it.
        ReadOnlySpan<byte> mid = Statistics.Reported ? [] : _mid;
        var form = mid.Length > 0 || transportId != 0 ? RtpHeaderExtensionForm.OneByte : RtpHeaderExtensionForm.None;
        var destination = buffer.AsSpan(0, _session.RtpCapacity);

        // The transport-wide number is a placeholder here: the session stamps it when the packet leaves.
        if (!RtpPacketBuilder.TryCreate(destination, header, out var builder, form)
            || (mid.Length > 0 && !builder.TryAddExtension(_options.MidExtensionId, mid))
            || (transportId != 0 && !builder.TryAddExtension(transportId, [0, 0]))
            || !builder.TryFinish(payload, out var length))
        {
            RtpMediaSession.ReturnBuffer(buffer);
            throw new ArgumentException($"An RTP payload of {payload.Length} bytes does not fit one datagram.", nameof(payload));
        }

        _sequenceNumber++;
        _history?.Store(buffer.AsSpan(0, length));
        Statistics.OnPacketSent(payload.Length);
        _pending.Add(new PendingPacket(buffer, length));
        lock (_timingLock)
        {
            _lastTimestamp = rtpTimestamp;
            _lastSentAt = _session.TimeProvider.GetTimestamp();
            _sentAny = true;
        }
    }

    /// <summary>
    /// Protects and sends the queued packets in order, returning their buffers; video through the session's pacer when it
    /// has one. Audio never waits for the pacer: the pacer would send it at once anyway, but only once it has its lock,
    /// which it holds while it sends a burst of video — and a thread preempted there (a busy CPU) held the audio thread
    /// for 50–85 ms at the start of a call, time the receiver's audio buffer then sized itself for.
    /// </summary>
    internal async ValueTask FlushAsync(CancellationToken cancellationToken)
    {
        if (_session.Pacer is not null && _options.ClockRate == 90_000)
        {
            // The pacer owns the buffers from here and returns them once sent.
            foreach (var packet in _pending)
            {
                if (ShouldDropForTesting())
                {
                    RtpMediaSession.ReturnBuffer(packet.Buffer);
                    continue;
                }

                _session.SendPaced(packet.Buffer, packet.Length, RtpPacketPriority.Video);
            }

            _pending.Clear();
            return;
        }

        var i = 0;
        try
        {
            for (; i < _pending.Count; i++)
            {
                var packet = _pending[i];
                if (ShouldDropForTesting())
                {
                    continue;
                }

                await _session.SendRtpAsync(packet.Buffer, packet.Length, cancellationToken).ConfigureAwait(false);
            }
        }
        finally
        {
            foreach (var packet in _pending)
            {
                RtpMediaSession.ReturnBuffer(packet.Buffer);
            }

            _pending.Clear();
        }
    }

    /// <summary>Drops queued packets (their sequence numbers stay used: the receiver sees a loss).</summary>
    internal void DiscardPending()
    {
        foreach (var packet in _pending)
        {
            RtpMediaSession.ReturnBuffer(packet.Buffer);
        }

        _pending.Clear();
    }

    /// <summary>
    /// Test hook: drops exactly <see cref="RtpSenderOptions.DropFractionForTesting"/> of the packets,
    /// evenly spread and never the first (which a receiver could not know to NACK), so tests are repeatable.
    /// </summary>
    private bool ShouldDropForTesting()
    {
        if (_options.DropFractionForTesting <= 0)
        {
            return false;
        }

        _dropCredit += _options.DropFractionForTesting;
        if (_dropCredit < 1)
        {
            return false;
        }

        _dropCredit -= 1;
        return true;
    }

    private readonly record struct PendingPacket(byte[] Buffer, int Length);
}
