using Tandem.Common.Time;
using Tandem.WebRtc.Congestion;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpStreamSender
{
    /// <summary>
    /// RFC 4585 §6.2.1: resends each listed packet from the history — on the RTX stream when one was
    /// negotiated (RFC 4588 §4), else unchanged on the media stream — at most once per RTT, counted from
    /// when the resend leaves the pacer. A packet no longer held (older than the history's age, or
    /// overwritten) is counted in <see cref="ResendsUnavailable"/>, and then the receiver cannot complete
    /// that frame nor decode any after it until a keyframe: this raises <see cref="KeyframeRequested"/>
    /// (rate-limited like a PLI) at once rather than wait for the receiver's own PLI (Chromium's comes only
    /// after seconds without a decodable frame, e.g. 1 s after a 2 s outage ends), and resends nothing newer
    /// from the NACK, which would only queue ahead of that keyframe.
    /// </summary>
    internal void OnNack(RtcpGenericNack nack)
    {
        Interlocked.Increment(ref _nacksReceived);
        if (_history is null)
        {
            return;
        }

        var maxAge = HistoryAge();
        var rtt = Statistics.RoundTripTime ?? TimeSpan.Zero;
        var minInterval = rtt > _options.MinResendInterval ? rtt : _options.MinResendInterval;
        var leavesIn = _session.Pacer?.ExpectedQueueTime ?? TimeSpan.Zero;
        foreach (var sequenceNumber in nack)
        {
            var buffer = RtpMediaSession.RentBuffer();
            var lookup = _history.CopyForRetransmission(sequenceNumber, buffer.AsSpan(0, _session.RtpCapacity), out var length, minInterval, maxAge, leavesIn);
            if (lookup != RtpHistoryLookup.Copied)
            {
                RtpMediaSession.ReturnBuffer(buffer);
                if (lookup is RtpHistoryLookup.Missing or RtpHistoryLookup.TooOld)
                {
                    Interlocked.Increment(ref _resendsUnavailable);
                    RequestKeyframe();
                    return;
                }

                continue;
            }

            if (_options.RtxSsrc != 0)
            {
                var rtx = RtpMediaSession.RentBuffer();
                var wrapped = RtpPacket.TryParse(buffer.AsSpan(0, length), out var original)
                    && RtpRetransmission.TryWrap(original, rtx.AsSpan(0, _session.RtpCapacity), _options.RtxPayloadType, NextRtxSequenceNumber(), _options.RtxSsrc, out length);
                RtpMediaSession.ReturnBuffer(buffer);
                if (!wrapped)
                {
                    RtpMediaSession.ReturnBuffer(rtx);
                    continue;
                }

                buffer = rtx;
            }

            Interlocked.Increment(ref _packetsResent);
            Interlocked.Add(ref _bytesResent, length);
            _session.SendPaced(buffer, length, RtpPacketPriority.Retransmission);
        }
    }

    /// <summary>
    /// The peer is heard again after a silence since <paramref name="lastHeard"/> (a timestamp of the session's clock).
    /// When this stream kept sending into that silence for longer than its history keeps packets, the path was most
    /// likely down (an outage, a handover): what left meanwhile is lost, the peer cannot decode until a keyframe, and
    /// its NACKs will ask for packets the history no longer holds (<see cref="OnNack"/> then asks for the keyframe). Asking
    /// now saves that round trip — our first packets after the outage reaching the peer and its NACK coming back — and the
    /// NACK then finds the request made (rate-limited like a PLI). libwebrtc instead resends the whole outage from a
    /// longer history, which the receiver then plays back seconds late before it catches up. (A stream that started
    /// sending only after both sides had been quiet for that long asks for one keyframe it did not need.)
    /// </summary>
    internal void OnPeerHeardAgain(long lastHeard)
    {
        if (_history is null)
        {
            return;
        }

        long lastSent;
        lock (_timingLock)
        {
            if (!_sentAny)
            {
                return;
            }

            lastSent = _lastSentAt;
        }

        if (lastSent > lastHeard && _session.TimeProvider.GetElapsedTime(lastHeard, lastSent) >= HistoryAge())
        {
            Interlocked.Increment(ref _keyframesAfterSilence);
            RequestKeyframe();
        }
    }

    /// <summary>A PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) for this stream arrived.</summary>
    internal void OnKeyframeRequest()
    {
        Interlocked.Increment(ref _keyframeRequestsReceived);
        RequestKeyframe();
    }

    private void RequestKeyframe()
    {
        if (_keyframeThrottle.TryRequest())
        {
            KeyframeRequested?.Invoke();
        }
    }

    /// <summary>
    /// The sender info of the next SR (RFC 3550 §6.4.1): NTP and RTP time of one instant, from the
    /// capture clock when configured. False before the first packet (an SR then says nothing useful).
    /// </summary>
    internal bool TryCreateSenderInfo(out RtcpSenderInfo info)
    {
        info = default;
        RtpClockSample sample;
        if (_options.ReportClock is { } clock)
        {
            if (Statistics.PacketsSent == 0)
            {
                return false;
            }

            sample = clock();
        }
        else
        {
            var time = _session.TimeProvider;
            lock (_timingLock)
            {
                if (!_sentAny)
                {
                    return false;
                }

                // Both values are taken at the same "now": the last packet's timestamp advanced by the time since it left.
                var now = time.GetTimestamp();
                var elapsed = time.GetElapsedTime(_lastSentAt, now);
                var rtp = unchecked(_lastTimestamp + (uint)(elapsed.Ticks * _options.ClockRate / TimeSpan.TicksPerSecond));
                sample = new RtpClockSample(NtpTime.FromDateTime(time.GetUtcNow()), rtp);
            }
        }

        info = Statistics.CreateSenderInfo(sample.NtpTimestamp, sample.RtpTimestamp);
        return true;
    }

    /// <summary>How long a packet stays resendable: the configured age, or three RTTs on a longer path.</summary>
    private TimeSpan HistoryAge()
    {
        var rtt = Statistics.RoundTripTime ?? TimeSpan.Zero;
        return rtt * 3 > _options.HistoryMaxAge ? rtt * 3 : _options.HistoryMaxAge;
    }

    // RFC 4588 §4: the RTX stream numbers its packets on its own, from a random start (RFC 3550 §5.1).
    private ushort NextRtxSequenceNumber() => (ushort)Interlocked.Increment(ref _rtxSequenceNumber);
}
