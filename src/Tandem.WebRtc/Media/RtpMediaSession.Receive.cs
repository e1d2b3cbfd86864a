using System.Buffers;
using Tandem.WebRtc.Rtcp;
using Tandem.WebRtc.Rtp;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Media;

internal sealed partial class RtpMediaSession
{
    private long _droppedDatagrams;
    private long _unroutedPackets;

    // The original packet restored from an RTX packet; used under _unprotectLock only.
    private readonly byte[] _rtxBuffer = new byte[MaxDatagramSize];

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        lock (_unprotectLock)
        {
            if (_disposed || datagram.Length > MaxDatagramSize)
            {
                Interlocked.Increment(ref _droppedDatagrams);
                return;
            }

            // Unprotect in a copy: the transport's span is read-only and valid only during the call.
            var buffer = _receiveBuffer.AsSpan(0, datagram.Length);
            datagram.CopyTo(buffer);

            // RFC 5761 §4: with rtcp-mux, the second byte 192–223 marks RTCP.
            if (SrtpSession.IsRtcp(buffer))
            {
                if (_srtp.UnprotectRtcp(buffer, out var rtcpLength) != OperationStatus.Done)
                {
                    Interlocked.Increment(ref _droppedDatagrams);
                    return;
                }

                NoteHeard();
                HandleRtcp(buffer[..rtcpLength]);
                return;
            }

            if (_srtp.UnprotectRtp(buffer, out var rtpLength) != OperationStatus.Done
                || !RtpPacket.TryParse(buffer[..rtpLength], out var packet))
            {
                Interlocked.Increment(ref _droppedDatagrams);
                return;
            }

            NoteHeard();
            RecordArrival(packet);
            var receiver = FindReceiver(packet.PayloadType);
            if (receiver is null)
            {
                if (FindRtxReceiver(packet.PayloadType) is { } repaired)
                {
                    OnRtxPacket(repaired, packet);
                    return;
                }

                Interlocked.Increment(ref _unroutedPackets);
                return;
            }

            OnRtpArrival(receiver, packet);
            receiver.OnPacket(packet);
        }
    }

    private void HandleRtcp(ReadOnlySpan<byte> compound)
    {
        var reader = new RtcpCompoundReader(compound);
        while (reader.TryReadNext(out var header, out var packet))
        {
            switch (header.PacketType)
            {
                case RtcpPacketType.SenderReport when RtcpSenderReport.TryParse(packet, out var sr):
                    foreach (var receiver in Volatile.Read(ref _receivers))
                    {
                        receiver.OnSenderReport(sr.Ssrc, sr.SenderInfo.NtpTimestamp);
                    }

                    OnSenderReportReceived(sr.Ssrc, sr.SenderInfo);
                    OnReportBlocks(sr.ReportBlocks);
                    break;
                case RtcpPacketType.ReceiverReport when RtcpReceiverReport.TryParse(packet, out var rr):
                    OnReportBlocks(rr.ReportBlocks);
                    break;
                case RtcpPacketType.TransportFeedback when header.Count == RtcpGenericNack.Format
                    && RtcpGenericNack.TryParse(packet, out var nack):
                    FindSender(nack.MediaSsrc)?.OnNack(nack);
                    break;
                case RtcpPacketType.TransportFeedback when header.Count == RtcpTransportFeedback.Format
                    && RtcpTransportFeedback.TryParse(packet, out var transportFeedback):
                    OnTransportFeedback(transportFeedback);
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when header.Count == RtcpRemb.Format
                    && RtcpRemb.TryParse(packet, out _, out var remb):
                    OnRemb(remb);
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when header.Count == RtcpPictureLossIndication.Format
                    && RtcpPictureLossIndication.TryParse(packet, out var pli):
                    FindSender(pli.MediaSsrc)?.OnKeyframeRequest();
                    break;
                case RtcpPacketType.PayloadSpecificFeedback when header.Count == RtcpFullIntraRequest.Format
                    && RtcpFullIntraRequest.TryParse(packet, out var fir):
                    // RFC 5104 §4.3.1.2: each FCI entry names the media sender it asks.
                    for (var i = 0; i < fir.Count; i++)
                    {
                        FindSender(fir[i].Ssrc)?.OnKeyframeRequest();
                    }

                    break;
                default:
                    // SDES, BYE, XR...: not acted on.
                    break;
            }
        }
    }

    private void OnReportBlocks(RtcpReportBlockList blocks)
    {
        for (var i = 0; i < blocks.Count; i++)
        {
            var block = blocks[i];
            if (FindSender(block.Ssrc) is { } sender)
            {
                sender.Statistics.OnReportBlock(block);
                if (sender.Statistics.RoundTripTime is { } rtt)
                {
                    BandwidthEstimator.OnRoundTripTime(rtt);
                    _congestionWindow.RoundTripTime = rtt;
                }
            }
        }
    }

    /// <summary>
    /// RFC 4588 §4: restores the original packet (payload type by <c>apt</c>, the media SSRC of the FID
    /// group, which is the one the receiver follows) and hands it on as if it had arrived. A packet
    /// without OSN (padding sent to probe the path) or before any media packet carries nothing to repair.
    /// </summary>
    private void OnRtxPacket(RtpStreamReceiver receiver, in RtpPacket rtx)
    {
        var ssrc = receiver.RemoteSsrc;
        if (ssrc == 0
            || !RtpRetransmission.TryUnwrap(rtx, _rtxBuffer, receiver.PayloadType, ssrc, out var length)
            || !RtpPacket.TryParse(_rtxBuffer.AsSpan(0, length), out var original))
        {
            receiver.OnEmptyRetransmission();
            return;
        }

        receiver.OnRetransmission();
        receiver.OnPacket(original);
    }

    private RtpStreamReceiver? FindRtxReceiver(byte payloadType)
    {
        foreach (var receiver in Volatile.Read(ref _receivers))
        {
            if (receiver.RtxPayloadType == payloadType)
            {
                return receiver;
            }
        }

        return null;
    }

    private RtpStreamReceiver? FindReceiver(byte payloadType)
    {
        foreach (var receiver in Volatile.Read(ref _receivers))
        {
            if (receiver.PayloadType == payloadType)
            {
                return receiver;
            }
        }

        return null;
    }

    private RtpStreamSender? FindSender(uint ssrc)
    {
        foreach (var sender in Volatile.Read(ref _senders))
        {
            if (sender.Ssrc == ssrc)
            {
                return sender;
            }
        }

        return null;
    }
}
