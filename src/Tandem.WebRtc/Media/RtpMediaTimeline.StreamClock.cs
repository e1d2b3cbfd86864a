using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Media;

public sealed partial class RtpMediaTimeline
{
    /// <summary>One sending stream's clock: its latest SR and a windowed maximum of its packets' transit. Guarded by the timeline's lock.</summary>
    private sealed class StreamClock(uint ssrc, DateTimeOffset now)
    {
        private long _windowStartTicks = now.UtcTicks;
        private long? _windowMax;
        private long? _previousWindowMax;

        public uint Ssrc { get; } = ssrc;

        public int ClockRate { get; private set; }

        public bool HasReport { get; private set; }

        public RtpSenderReportMapping Mapping { get; private set; }

        public DateTimeOffset LastSeen { get; private set; } = now;

        public void OnSenderReport(in RtcpSenderInfo info, int clockRate, DateTimeOffset now)
        {
            LastSeen = now;
            if (clockRate > 0)
            {
                ClockRate = clockRate;
            }

            // RFC 3550 §6.4.1: NTP time only moves forward; an older SR arrived out of order.
            if (HasReport && unchecked((long)(info.NtpTimestamp - Mapping.NtpTimestamp)) < 0)
            {
                return;
            }

            Mapping = new RtpSenderReportMapping(Ssrc, ClockRate, info.NtpTimestamp, info.RtpTimestamp, now);
            HasReport = true;
        }

        public void OnRtpArrival(uint rtpTimestamp, int clockRate, DateTimeOffset now)
        {
            LastSeen = now;
            if (ClockRate != clockRate)
            {
                // The clock rate is learned from the receiver the packet was routed to.
                ClockRate = clockRate;
                Mapping = Mapping with { ClockRate = clockRate };
            }

            if (!HasReport)
            {
                return;
            }

            var transit = (now - Mapping.ToSenderTime(rtpTimestamp)).Ticks;
            Roll(now);
            if (_windowMax is null || transit > _windowMax)
            {
                _windowMax = transit;
            }
        }

        public bool TryGetTransit(DateTimeOffset now, out long transit)
        {
            Roll(now);
            var largest = _windowMax is null ? _previousWindowMax : _previousWindowMax is null ? _windowMax : Math.Max(_windowMax.Value, _previousWindowMax.Value);
            transit = largest ?? 0;
            return largest is not null;
        }

        private void Roll(DateTimeOffset now)
        {
            var elapsed = now.UtcTicks - _windowStartTicks;
            if (elapsed < TransitWindow.Ticks)
            {
                return;
            }

            // Two windows or more without a packet: nothing recent is left to remember.
            _previousWindowMax = elapsed < 2 * TransitWindow.Ticks ? _windowMax : null;
            _windowMax = null;
            _windowStartTicks = now.UtcTicks;
        }
    }
}
