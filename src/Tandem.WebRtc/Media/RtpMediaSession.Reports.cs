using Tandem.WebRtc.Rtcp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    // RFC 3550 §6.4.1: at most 31 report blocks fit one SR/RR.
    private const int MaxReportBlocks = 31;

    // While nothing was sent or received there is nothing to report: look again soon, so the
    // early SRs go out right after the first packet (the scheduler's early spacing starts then).
    private static readonly TimeSpan IdleReportDelay = TimeSpan.FromMilliseconds(100);

    private readonly RtcpReportScheduler _scheduler;
    private readonly ITimer _reportTimer;
    private readonly ITimer _feedbackTimer;

    /// <summary>Sends a compound RR + generic NACK (RFC 4585 §6.2.1) for <paramref name="mediaSsrc"/>.</summary>
    internal void SendNack(uint mediaSsrc, ReadOnlySpan<ushort> lost)
    {
        var buffer = RentBuffer();
        var writer = new RtcpCompoundWriter(buffer.AsSpan(0, RtcpCapacity));
        var senderSsrc = FeedbackSsrc;

        // RFC 4585 §3.1: feedback travels in a compound packet that starts with a report.
        if (writer.TryAddReceiverReport(senderSsrc, []) && writer.TryAddNack(senderSsrc, mediaSsrc, lost))
        {
            SendRtcpAndReturn(buffer, writer.Length);
        }
        else
        {
            ReturnBuffer(buffer);
        }
    }

    /// <summary>Sends a compound RR + PLI (RFC 4585 §6.3.1) for <paramref name="mediaSsrc"/>.</summary>
    internal void SendPictureLossIndication(uint mediaSsrc)
    {
        var buffer = RentBuffer();
        var writer = new RtcpCompoundWriter(buffer.AsSpan(0, RtcpCapacity));
        var senderSsrc = FeedbackSsrc;
        if (writer.TryAddReceiverReport(senderSsrc, []) && writer.TryAddPictureLossIndication(senderSsrc, mediaSsrc))
        {
            SendRtcpAndReturn(buffer, writer.Length);
        }
        else
        {
            ReturnBuffer(buffer);
        }
    }

    private void OnFeedbackTimer()
    {
        foreach (var receiver in Volatile.Read(ref _receivers))
        {
            receiver.OnFeedbackTick();
        }

        SendTransportFeedback();

        Rearm(_feedbackTimer, _options.FeedbackInterval);
    }

    private void OnReportTimer()
    {
        var sent = TrySendReport();
        Rearm(_reportTimer, sent ? _scheduler.NextInterval() : IdleReportDelay);
    }

    /// <summary>
    /// Sends one compound report: an SR per sending stream (the first carrying the report blocks of
    /// our receivers) or, when nothing is sent, an RR; then the SDES CNAME (RFC 3550 §6.1).
    /// </summary>
    private bool TrySendReport()
    {
        Span<RtcpReportBlock> blocks = stackalloc RtcpReportBlock[MaxReportBlocks];
        var blockCount = 0;
        foreach (var receiver in Volatile.Read(ref _receivers))
        {
            if (blockCount < MaxReportBlocks && receiver.TryCreateReportBlock(out var block))
            {
                blocks[blockCount++] = block;
            }
        }

        var buffer = RentBuffer();
        var writer = new RtcpCompoundWriter(buffer.AsSpan(0, RtcpCapacity));
        var wroteReport = false;
        var ok = true;
        foreach (var sender in Volatile.Read(ref _senders))
        {
            if (sender.TryCreateSenderInfo(out var info))
            {
                ok &= writer.TryAddSenderReport(sender.Ssrc, info, wroteReport ? [] : blocks[..blockCount]);
                wroteReport = true;
            }
        }

        if (!wroteReport && blockCount > 0)
        {
            ok &= writer.TryAddReceiverReport(FeedbackSsrc, blocks[..blockCount]);
            wroteReport = true;
        }

        if (!wroteReport || !ok || !writer.TryAddCname(FeedbackSsrc, _cname))
        {
            ReturnBuffer(buffer);
            return wroteReport;
        }

        SendRtcpAndReturn(buffer, writer.Length);
        return true;
    }

    private void Rearm(ITimer timer, TimeSpan delay)
    {
        // One-shot timers re-armed at the end of each tick: ticks never overlap.
        if (Volatile.Read(ref _disposed))
        {
            return;
        }

        try
        {
            timer.Change(delay, Timeout.InfiniteTimeSpan);
        }
        catch (ObjectDisposedException)
        {
            // Disposed between the check and the call: nothing more to schedule.
        }
    }
}
