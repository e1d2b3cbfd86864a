using Tandem.WebRtc.Rtcp;
using static Tandem.Fuzz.Targets.FuzzInvariantException;

namespace Tandem.Fuzz.Targets.Rtcp;

/// <summary>
/// A compound RTCP datagram after SRTCP (RFC 3550 §6, RFC 4585 §6, RFC 5506): every packet is read the
/// way the media session dispatches it, by type, and every type we also write (SR, RR, SDES CNAME, BYE,
/// generic NACK, PLI, FIR, transport-wide feedback) is written back and parsed again to the same values.
/// </summary>
public sealed class RtcpTarget : IFuzzTarget
{
    private readonly byte[] _buffer = new byte[4 * 65536 + 64];
    private readonly RtcpReportBlock[] _blocks = new RtcpReportBlock[31];
    private readonly long[] _arrivals = new long[ushort.MaxValue];
    private readonly long[] _arrivalsAgain = new long[RtcpTransportFeedback.MaxPacketsPerFeedback];

    public string Name => "rtcp";

    public void Run(ReadOnlySpan<byte> input)
    {
        _ = RtcpPacketType.IsRtcp(input);
        var reader = new RtcpCompoundReader(input);
        var total = 0;
        while (reader.TryReadNext(out var header, out var packet))
        {
            Check(header.PacketLength == packet.Length && header.BodyLength >= 0 && packet.Length % 4 == 0, "a packet's header and span disagree");
            total += packet.Length;
            Dispatch(header, packet);
        }

        Check(total <= input.Length && (reader.IsMalformed || total == input.Length), "the compound reader lost or invented bytes");
    }

    private void Dispatch(RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        switch (header.PacketType)
        {
            case RtcpPacketType.SenderReport when RtcpSenderReport.TryParse(packet, out var sr):
                var blocks = CopyBlocks(sr.ReportBlocks);
                Check(RtcpSenderReport.TryWrite(_buffer, sr.Ssrc, sr.SenderInfo, blocks, out int written), "SR does not write back");
                Check(RtcpSenderReport.TryParse(_buffer.AsSpan(0, written), out var srAgain) && srAgain.Ssrc == sr.Ssrc
                    && srAgain.SenderInfo == sr.SenderInfo && SameBlocks(srAgain.ReportBlocks, blocks), "SR changed in a round trip");
                break;
            case RtcpPacketType.ReceiverReport when RtcpReceiverReport.TryParse(packet, out var rr):
                var rrBlocks = CopyBlocks(rr.ReportBlocks);
                Check(RtcpReceiverReport.TryWrite(_buffer, rr.Ssrc, rrBlocks, out written), "RR does not write back");
                Check(RtcpReceiverReport.TryParse(_buffer.AsSpan(0, written), out var rrAgain) && rrAgain.Ssrc == rr.Ssrc
                    && SameBlocks(rrAgain.ReportBlocks, rrBlocks), "RR changed in a round trip");
                break;
            case RtcpPacketType.SourceDescription:
                SourceDescription(packet);
                break;
            case RtcpPacketType.Bye when RtcpBye.TryParse(packet, out var bye):
                Span<uint> ssrcs = stackalloc uint[bye.Count];
                for (var i = 0; i < ssrcs.Length; i++)
                {
                    ssrcs[i] = bye.GetSsrc(i);
                }

                Check(RtcpBye.TryWrite(_buffer, ssrcs, bye.Reason, out written), "BYE does not write back");
                Check(RtcpBye.TryParse(_buffer.AsSpan(0, written), out var byeAgain) && byeAgain.Count == bye.Count
                    && byeAgain.Reason.SequenceEqual(bye.Reason), "BYE changed in a round trip");
                break;
            case RtcpPacketType.TransportFeedback when header.Count == RtcpGenericNack.Format && RtcpGenericNack.TryParse(packet, out var nack):
                Nack(nack);
                break;
            case RtcpPacketType.TransportFeedback when header.Count == RtcpTransportFeedback.Format && RtcpTransportFeedback.TryParse(packet, out var feedback):
                TransportFeedback(feedback);
                break;
            case RtcpPacketType.PayloadSpecificFeedback:
                PayloadSpecific(header, packet);
                break;
        }
    }

    private void SourceDescription(ReadOnlySpan<byte> packet)
    {
        if (RtcpSourceDescription.TryParse(packet, out var sdes))
        {
            var items = 0;
            while (sdes.TryReadNextItem(out _, out byte type, out var value) && items++ < packet.Length)
            {
                Check(type != 0 && value.Length <= 255, "an SDES item of type 0 or over 255 bytes");
            }

            Check(items <= packet.Length, "SDES items do not end");
        }

        if (RtcpSourceDescription.TryGetCname(packet, out uint ssrc, out var cname))
        {
            Check(RtcpSourceDescription.TryWriteCname(_buffer, ssrc, cname, out int written), "SDES CNAME does not write back");
            Check(RtcpSourceDescription.TryGetCname(_buffer.AsSpan(0, written), out uint ssrcAgain, out var cnameAgain) && ssrcAgain == ssrc
                && cnameAgain.SequenceEqual(cname), "CNAME changed in a round trip");
        }
    }

    private void Nack(RtcpGenericNack nack)
    {
        var lost = new List<ushort>();
        foreach (ushort sequence in nack)
        {
            lost.Add(sequence);
        }

        if (lost.Count == 0)
        {
            return;
        }

        Check(RtcpGenericNack.TryWrite(_buffer, nack.SenderSsrc, nack.MediaSsrc, lost.ToArray(), out int written), "NACK does not write back");
        Check(RtcpGenericNack.TryParse(_buffer.AsSpan(0, written), out var again) && again.SenderSsrc == nack.SenderSsrc && again.MediaSsrc == nack.MediaSsrc,
            "NACK header changed in a round trip");
        var back = new HashSet<ushort>();
        foreach (ushort sequence in again)
        {
            back.Add(sequence);
        }

        Check(back.SetEquals(lost), "the lost sequence numbers changed in a round trip");
    }

    // draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: the enumerator yields exactly the packet status
    // count, in sequence order; written back from the arrival times, the feedback describes the same packets at
    // the same times (the writer picks its own chunks, reference time and delta sizes, so bytes may differ).
    private void TransportFeedback(RtcpTransportFeedback feedback)
    {
        var count = 0;
        var writable = true;
        foreach (var packet in feedback)
        {
            Check(count < feedback.PacketStatusCount && packet.SequenceNumber == (ushort)(feedback.BaseSequenceNumber + count),
                "transport feedback packets out of sequence or beyond the status count");
            Check(packet.Received || packet.ArrivalMicroseconds == 0, "a lost packet has an arrival time");

            // The writer takes arrival times on the receiver's clock, negative meaning lost.
            writable &= !packet.Received || packet.ArrivalMicroseconds >= 0;
            _arrivals[count++] = packet.Received ? packet.ArrivalMicroseconds : -1;
        }

        Check(count == feedback.PacketStatusCount, "the enumerator described fewer packets than the status count");
        var arrivals = _arrivals.AsSpan(0, count);
        if (!writable || count > RtcpTransportFeedback.MaxPacketsPerFeedback || !arrivals.ContainsAnyInRange(0, long.MaxValue))
        {
            return;
        }

        Check(RtcpTransportFeedback.TryWrite(_buffer, feedback.SenderSsrc, feedback.MediaSsrc, feedback.BaseSequenceNumber, feedback.FeedbackPacketCount,
            arrivals, out int written, out int described) && described == count, "transport feedback does not write back");
        Check(RtcpTransportFeedback.TryParse(_buffer.AsSpan(0, written), out var again) && again.SenderSsrc == feedback.SenderSsrc
            && again.MediaSsrc == feedback.MediaSsrc && again.BaseSequenceNumber == feedback.BaseSequenceNumber
            && again.FeedbackPacketCount == feedback.FeedbackPacketCount && again.PacketStatusCount == count, "transport feedback header changed in a round trip");
        var i = 0;
        foreach (var packet in again)
        {
            _arrivalsAgain[i++] = packet.Received ? packet.ArrivalMicroseconds : -1;
        }

        Check(_arrivalsAgain.AsSpan(0, i).SequenceEqual(arrivals), "transport feedback arrivals changed in a round trip");
    }

    private void PayloadSpecific(RtcpHeader header, ReadOnlySpan<byte> packet)
    {
        if (header.Count == RtcpPictureLossIndication.Format && RtcpPictureLossIndication.TryParse(packet, out var pli))
        {
            Check(pli.TryWrite(_buffer, out int written) && RtcpPictureLossIndication.TryParse(_buffer.AsSpan(0, written), out var again) && again == pli,
                "PLI changed in a round trip");
        }

        if (header.Count == RtcpFullIntraRequest.Format && RtcpFullIntraRequest.TryParse(packet, out var fir))
        {
            for (var i = 0; i < fir.Count; i++)
            {
                var (ssrc, sequence) = fir[i];
                Check(RtcpFullIntraRequest.TryWrite(_buffer, fir.SenderSsrc, ssrc, sequence, out int written)
                    && RtcpFullIntraRequest.TryParse(_buffer.AsSpan(0, written), out var again) && again.SenderSsrc == fir.SenderSsrc
                    && again.Count == 1 && again[0] == (ssrc, sequence), "FIR entry changed in a round trip");
            }
        }

        _ = RtcpRemb.TryParse(packet, out _, out _);
    }

    private ReadOnlySpan<RtcpReportBlock> CopyBlocks(RtcpReportBlockList list)
    {
        for (var i = 0; i < list.Count; i++)
        {
            _blocks[i] = list[i];
        }

        return _blocks.AsSpan(0, list.Count);
    }

    private static bool SameBlocks(RtcpReportBlockList list, ReadOnlySpan<RtcpReportBlock> blocks)
    {
        if (list.Count != blocks.Length)
        {
            return false;
        }

        for (var i = 0; i < blocks.Length; i++)
        {
            if (list[i] != blocks[i])
            {
                return false;
            }
        }

        return true;
    }
}
