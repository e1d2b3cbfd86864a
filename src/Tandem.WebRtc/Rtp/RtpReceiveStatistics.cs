using Tandem.Common.Time;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Reception statistics of one incoming SSRC, as RFC 3550 defines them for report blocks
/// (https://www.rfc-editor.org/rfc/rfc3550#appendix-A.3, #appendix-A.8):
/// sequence tracking (App. A.1, without the probation period: SRTP already authenticates the
/// source), loss and fraction lost (App. A.3), interarrival jitter (§6.4.1, App. A.8) and the
/// LSR/DLSR echo of the last sender report (§6.4.1).
/// Thread-safe: packets arrive on the receive thread while reports are built on the RTCP timer.
/// </summary>
internal sealed partial class RtpReceiveStatistics
{
    // RFC 3550 App. A.1: a jump beyond MaxDropout is a restart unless confirmed by the next packet.
    private const int MaxDropout = 3000;
    private const int MaxMisorder = 100;
    private const int SequenceModulo = 1 << 16;

    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private readonly int _clockRate;
    private bool _started;
    private ushort _maxSequence;
    private uint _cycles;
    private uint _baseSequence;
    private int _badSequence = SequenceModulo + 1;
    private long _received;
    private long _expectedPrior;
    private long _receivedPrior;
    private long _bytes;
    private long _firstArrival;
    private long _lastArrival;
    private uint _lastRtpTimestamp;
    private double _jitter;
    private bool _restarted;
    private uint _lastSenderReport;
    private long _lastSenderReportArrival;

    /// <summary>Tracks <paramref name="ssrc"/>, whose RTP clock runs at <paramref name="clockRate"/> Hz.</summary>
    public RtpReceiveStatistics(uint ssrc, int clockRate, TimeProvider? timeProvider = null)
    {
        ArgumentOutOfRangeException.ThrowIfLessThanOrEqual(clockRate, 0);
        Ssrc = ssrc;
        _clockRate = clockRate;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The source tracked.</summary>
    public uint Ssrc { get; }

    /// <summary>Packets received (duplicates included, as RFC 3550 App. A.3 counts them).</summary>
    public long PacketsReceived { get { lock (_lock) { return _received; } } }

    /// <summary>Payload bytes received.</summary>
    public long BytesReceived { get { lock (_lock) { return _bytes; } } }

    /// <summary>RFC 3550 App. A.3: expected − received since the first packet (can be negative with duplicates).</summary>
    public long CumulativeLost { get { lock (_lock) { return Expected() - _received; } } }

    /// <summary>Cycles × 65536 + highest sequence number received.</summary>
    public uint ExtendedHighestSequenceNumber { get { lock (_lock) { return _cycles + _maxSequence; } } }

    /// <summary>Interarrival jitter estimate in RTP timestamp units (RFC 3550 §6.4.1).</summary>
    public double Jitter { get { lock (_lock) { return _jitter; } } }

    /// <summary>Interarrival jitter in seconds (the W3C <c>jitter</c> stat).</summary>
    public double JitterSeconds => Jitter / _clockRate;

    /// <summary>Accounts for one received packet.</summary>
    public void OnPacket(in RtpPacket packet) => OnPacket(packet.SequenceNumber, packet.Timestamp, packet.Payload.Length);

    /// <summary>Accounts for one received packet, arriving now.</summary>
    public void OnPacket(ushort sequenceNumber, uint rtpTimestamp, int payloadLength = 0)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            if (!_started)
            {
                _started = true;
                _firstArrival = now;
                InitSequence(sequenceNumber);
                _received = 1;
                _bytes = payloadLength;
                _lastArrival = ArrivalInRtpUnits(now);
                _lastRtpTimestamp = rtpTimestamp;
                return;
            }

            var inOrder = RtpSequenceNumber.IsNewer(sequenceNumber, _maxSequence);
            if (!UpdateSequence(sequenceNumber))
            {
                return;
            }

            _received++;
            _bytes += payloadLength;
            if (_restarted)
            {
                _restarted = false;
                // A restarted sender has a new timestamp origin: start the transit baseline again.
                _lastArrival = ArrivalInRtpUnits(now);
                _lastRtpTimestamp = rtpTimestamp;
            }
            else if (inOrder)
            {
                UpdateJitter(now, rtpTimestamp);
            }
        }
    }

    /// <summary>Records an SR from this source, for the LSR/DLSR fields of the next report (RFC 3550 §6.4.1).</summary>
    public void OnSenderReport(ulong ntpTimestamp)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            _lastSenderReport = NtpTime.ToCompact(ntpTimestamp);
            _lastSenderReportArrival = now;
        }
    }

    /// <summary>
    /// Builds the report block for this source and starts a new reporting interval (fraction lost is
    /// relative to the previous call, RFC 3550 App. A.3). False before the first packet.
    /// </summary>
    public bool TryCreateReportBlock(out RtcpReportBlock block)
    {
        var now = _time.GetTimestamp();
        lock (_lock)
        {
            block = default;
            if (!_started)
            {
                return false;
            }

            var expected = Expected();
            var expectedInterval = expected - _expectedPrior;
            var lostInterval = expectedInterval - (_received - _receivedPrior);
            _expectedPrior = expected;
            _receivedPrior = _received;
            var fraction = expectedInterval == 0 || lostInterval <= 0 ? 0 : (int)Math.Min(255, (lostInterval << 8) / expectedInterval);
            var dlsr = _lastSenderReport == 0 ? 0 : NtpTime.TimeSpanToCompact(_time.GetElapsedTime(_lastSenderReportArrival, now));
            block = new RtcpReportBlock(
                Ssrc,
                (byte)fraction,
                (int)Math.Clamp(expected - _received, -0x800000, 0x7FFFFF),
                _cycles + _maxSequence,
                (uint)_jitter,
                _lastSenderReport,
                dlsr);
            return true;
        }
    }
}
