using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Media;

public sealed partial class RtpStreamSender
{
    /// <summary>RFC 4585 §6.2.1: resends each listed packet from the history, unchanged (same SSRC and sequence number).</summary>
    internal void OnNack(RtcpGenericNack nack)
    {
        Interlocked.Increment(ref _nacksReceived);
        if (_history is null)
        {
            return;
        }

        foreach (var sequenceNumber in nack)
        {
            var buffer = RtpMediaSession.RentBuffer();
            if (_history.TryCopyForRetransmission(sequenceNumber, buffer.AsSpan(0, _session.RtpCapacity), out var length, _options.MinResendInterval))
            {
                Interlocked.Increment(ref _packetsResent);
                _session.SendRtpAndReturn(buffer, length);
            }
            else
            {
                RtpMediaSession.ReturnBuffer(buffer);
            }
        }
    }

    /// <summary>A PLI (RFC 4585 §6.3.1) or FIR (RFC 5104 §4.3.1) for this stream arrived.</summary>
    internal void OnKeyframeRequest()
    {
        Interlocked.Increment(ref _keyframeRequestsReceived);
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
                sample = new RtpClockSample(RtcpNtpTime.FromDateTime(time.GetUtcNow()), rtp);
            }
        }

        info = Statistics.CreateSenderInfo(sample.NtpTimestamp, sample.RtpTimestamp);
        return true;
    }
}
