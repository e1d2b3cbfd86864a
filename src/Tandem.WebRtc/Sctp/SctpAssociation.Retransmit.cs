using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>T3-rtx expiry (RFC 9260 §6.3.3) and partial reliability (RFC 3758 §3.5).</summary>
internal sealed partial class SctpAssociation
{
    private const int MaxForwardTsnStreams = 64;

    private uint _advancedPeerAckPoint;
    private bool _forwardTsnPending;

    private void OnT3Expired()
    {
        if (!IsDataState())
        {
            return;
        }

        var forwardOutstanding = SctpTsn.IsGreater(_advancedPeerAckPoint, _cumAckFromPeer);
        if (!HasUnackedChunks() && !forwardOutstanding)
        {
            return;
        }

        _counters.RetransmissionTimeouts++;
        if (++_errorCount > _options.MaxRetransmissions)
        {
            Fail("peer unreachable: too many retransmissions");
            return;
        }

        // RFC 9260 §6.3.3 E1–E3: back off, collapse cwnd, mark everything outstanding for retransmission.
        _rto.Backoff();
        _cc.OnRetransmissionTimeout();
        for (var i = 0; i < _retransmitQueue.Count; i++)
        {
            var chunk = _retransmitQueue[i];
            if (chunk.GapAcked || chunk.Abandoned)
            {
                continue;
            }

            if (ShouldAbandon(chunk))
            {
                AbandonMessage(chunk.Message);
                continue;
            }

            MarkForRetransmit(chunk);
            chunk.FastRetransmit = false;
            chunk.WasFastRetransmitted = false;
        }

        UpdateAdvancedPeerAckPoint();
        if (SctpTsn.IsGreater(_advancedPeerAckPoint, _cumAckFromPeer))
        {
            _forwardTsnPending = true;
        }

        _t3.Start(_rto.Rto);
    }

    /// <summary>RFC 3758 §3.5 A1 / RFC 8831 §6.1: a chunk past its retransmission or lifetime limit is abandoned, if the peer supports FORWARD TSN.</summary>
    private bool ShouldAbandon(SctpOutboundChunk chunk)
    {
        var message = chunk.Message;
        if (!_peerForwardTsn || message.IsReliable)
        {
            return false;
        }

        return (message.MaxRetransmits is { } max && chunk.TransmitCount > max) || Now >= message.ExpiresAt;
    }

    /// <summary>Abandons every chunk of a message (RFC 3758 §3.5 A3: all fragments of a message go together) and its unsent rest.</summary>
    private void AbandonMessage(SctpOutboundMessage message)
    {
        if (message.Abandoned)
        {
            return;
        }

        message.Abandoned = true;
        _counters.MessagesAbandoned++;
        for (var i = 0; i < _retransmitQueue.Count; i++)
        {
            var chunk = _retransmitQueue[i];
            if (chunk.Message != message || chunk.Abandoned)
            {
                continue;
            }

            if (!chunk.GapAcked)
            {
                _unackedChunks--;
            }

            chunk.Abandoned = true;
            RemoveFromFlight(chunk);
            if (chunk.Retransmit)
            {
                chunk.Retransmit = false;
                chunk.FastRetransmit = false;
                _markedForRetransmit--;
            }
        }

        if (!message.FullySent)
        {
            DecreaseBuffered(message.StreamId, GetOutboundStream(message.StreamId), message.Length - message.SentOffset);
        }
    }

    /// <summary>RFC 3758 §3.5 C1/C2: move the advanced peer ack point across abandoned chunks at the head of the queue.</summary>
    private void UpdateAdvancedPeerAckPoint()
    {
        if (!_peerForwardTsn)
        {
            return;
        }

        if (SctpTsn.IsLess(_advancedPeerAckPoint, _cumAckFromPeer))
        {
            _advancedPeerAckPoint = _cumAckFromPeer;
        }

        for (var i = 0; i < _retransmitQueue.Count; i++)
        {
            var chunk = _retransmitQueue[i];
            if (SctpTsn.IsLessOrEqual(chunk.Tsn, _advancedPeerAckPoint))
            {
                continue;
            }

            if (!chunk.Abandoned || chunk.Tsn != _advancedPeerAckPoint + 1)
            {
                break;
            }

            _advancedPeerAckPoint = chunk.Tsn;
        }
    }

    /// <summary>Writes FORWARD TSN with the last skipped SSN of each ordered stream (RFC 3758 §3.2).</summary>
    private void WriteForwardTsnIfDue(ref SctpPacketBuilder builder)
    {
        if (!_forwardTsnPending || !SctpTsn.IsGreater(_advancedPeerAckPoint, _cumAckFromPeer))
        {
            _forwardTsnPending = false;
            return;
        }

        Span<(ushort StreamId, ushort Ssn)> streams = stackalloc (ushort, ushort)[MaxForwardTsnStreams];
        var count = 0;
        for (var i = 0; i < _retransmitQueue.Count; i++)
        {
            var chunk = _retransmitQueue[i];
            if (SctpTsn.IsGreater(chunk.Tsn, _advancedPeerAckPoint))
            {
                break;
            }

            if (chunk.Message.Unordered)
            {
                continue;
            }

            var index = IndexOfStream(streams[..count], chunk.Message.StreamId);
            if (index >= 0)
            {
                streams[index] = (chunk.Message.StreamId, SctpTsn.IsLess(streams[index].Ssn, chunk.Message.Ssn) ? chunk.Message.Ssn : streams[index].Ssn);
            }
            else if (count < MaxForwardTsnStreams)
            {
                streams[count++] = (chunk.Message.StreamId, chunk.Message.Ssn);
            }
        }

        if (builder.Remaining < SctpForwardTsnChunk.GetLength(count))
        {
            return;
        }

        builder.Advance(SctpForwardTsnChunk.Write(builder.Free, _advancedPeerAckPoint, streams[..count]));
        _forwardTsnPending = false;
        _counters.ForwardTsnSent++;
    }

    private static int IndexOfStream(ReadOnlySpan<(ushort StreamId, ushort Ssn)> streams, ushort streamId)
    {
        for (var i = 0; i < streams.Length; i++)
        {
            if (streams[i].StreamId == streamId)
            {
                return i;
            }
        }

        return -1;
    }
}
