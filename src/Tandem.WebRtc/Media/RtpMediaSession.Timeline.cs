using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    private RtpMediaTimeline? _timeline;

    /// <summary>
    /// The common timeline of the remote peer's streams, fed by the SRs and RTP packets this session
    /// receives: maps any stream's RTP timestamp to the sender's clock and to a local presentation time (lip sync).
    /// </summary>
    public RtpMediaTimeline Timeline
    {
        get
        {
            var timeline = Volatile.Read(ref _timeline);
            if (timeline is not null)
            {
                return timeline;
            }

            Interlocked.CompareExchange(ref _timeline, new RtpMediaTimeline(TimeProvider), null);
            return _timeline;
        }
    }

    /// <summary>Receive thread: a received SR, with the clock rate of the receiver that takes its SSRC if there is one yet.</summary>
    private void OnSenderReportReceived(uint ssrc, in RtcpSenderInfo info)
    {
        var clockRate = 0;
        foreach (var receiver in Volatile.Read(ref _receivers))
        {
            if (receiver.RemoteSsrc == ssrc)
            {
                clockRate = receiver.ClockRate;
                break;
            }
        }

        Timeline.OnSenderReport(ssrc, info, clockRate);
    }

    /// <summary>Receive thread: an RTP packet routed to <paramref name="receiver"/>, before it enters the reorder buffer.</summary>
    private void OnRtpArrival(RtpStreamReceiver receiver, in RtpPacket packet) =>
        Timeline.OnRtpArrival(packet.Ssrc, packet.Timestamp, receiver.ClockRate);
}
