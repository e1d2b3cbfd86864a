using Tandem.Common.Time;
using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Rtp;

/// <summary>
/// Sender-side bookkeeping of one outgoing SSRC: the packet and octet counts an SR carries
/// (RFC 3550 §6.4.1, https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1) and what the remote receiver reports back about the stream — round-trip
/// time from LSR/DLSR, fraction lost, cumulative lost, jitter (the W3C remote-inbound-rtp stats).
/// Thread-safe: packets are counted on the send path, reports arrive on the receive path.
/// </summary>
internal sealed class RtpSendStatistics
{
    private readonly Lock _lock = new();
    private readonly TimeProvider _time;
    private uint _packets;
    private uint _octets;
    private TimeSpan? _roundTripTime;
    private RtcpReportBlock? _lastReport;
    private volatile bool _reported;

    /// <summary>Tracks <paramref name="ssrc"/>.</summary>
    public RtpSendStatistics(uint ssrc, TimeProvider? timeProvider = null)
    {
        Ssrc = ssrc;
        _time = timeProvider ?? TimeProvider.System;
    }

    /// <summary>The source tracked.</summary>
    public uint Ssrc { get; }

    /// <summary>Packets sent (wraps modulo 2^32 like the SR field).</summary>
    public uint PacketsSent { get { lock (_lock) { return _packets; } } }

    /// <summary>Payload octets sent, headers and padding excluded (RFC 3550 §6.4.1).</summary>
    public uint OctetsSent { get { lock (_lock) { return _octets; } } }

    /// <summary>The last round-trip time measured from a report block, if any.</summary>
    public TimeSpan? RoundTripTime { get { lock (_lock) { return _roundTripTime; } } }

    /// <summary>The last report block received about this stream, if any.</summary>
    public RtcpReportBlock? LastReport { get { lock (_lock) { return _lastReport; } } }

    /// <summary>Whether a report block about this stream has arrived; without the lock, for the send path.</summary>
    public bool Reported => _reported;

    /// <summary>Counts one packet sent with <paramref name="payloadLength"/> payload bytes.</summary>
    public void OnPacketSent(int payloadLength)
    {
        lock (_lock)
        {
            _packets = unchecked(_packets + 1);
            _octets = unchecked(_octets + (uint)payloadLength);
        }
    }

    /// <summary>
    /// The sender info for an SR taken at <paramref name="ntpTimestamp"/>; <paramref name="rtpTimestamp"/>
    /// must be the same instant on the stream's RTP clock (this pairing is what receivers use for lip sync).
    /// </summary>
    public RtcpSenderInfo CreateSenderInfo(ulong ntpTimestamp, uint rtpTimestamp)
    {
        lock (_lock)
        {
            return new RtcpSenderInfo(ntpTimestamp, rtpTimestamp, _packets, _octets);
        }
    }

    /// <summary>
    /// Takes in a report block from an SR/RR; blocks about other SSRCs are ignored (returns false).
    /// Measures the RTT (RFC 3550 §6.4.1: arrival − LSR − DLSR) when the block echoes one of our SRs.
    /// </summary>
    public bool OnReportBlock(in RtcpReportBlock block)
    {
        if (block.Ssrc != Ssrc)
        {
            return false;
        }

        var arrival = NtpTime.ToCompact(NtpTime.FromDateTime(_time.GetUtcNow()));
        lock (_lock)
        {
            _lastReport = block;
            _reported = true;
            if (block.TryGetRoundTripTime(arrival, out var rtt))
            {
                _roundTripTime = rtt;
            }

            return true;
        }
    }
}
