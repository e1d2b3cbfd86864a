using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>Processing a received SACK (RFC 9260 §6.2.1, §7.2) and fast retransmit (§7.2.4).</summary>
internal sealed partial class SctpAssociation
{
    private bool _rttProbeActive;
    private uint _rttProbeTsn;
    private long _rttProbeSentAt;
    private bool _fastRetransmitPending;
    private int _markedForRetransmit;

    // Chunks in the retransmission queue that are neither gap-acknowledged nor abandoned.
    private int _unackedChunks;

    private void HandleSack(in SctpSackChunk sack)
    {
        var cumAck = sack.CumulativeTsnAck;

        // RFC 9260 §6.2.1 D i/ii: ignore stale SACKs and acks of TSNs never sent.
        if (SctpTsn.IsLess(cumAck, _cumAckFromPeer) || !SctpTsn.IsLess(cumAck, _nextTsn))
        {
            return;
        }

        var flightBefore = _flightSize;
        var cumAdvanced = SctpTsn.IsGreater(cumAck, _cumAckFromPeer);
        long bytesAcked = 0;
        var highestNewlyAcked = cumAck;
        var now = Now;

        while (_retransmitQueue.First is { } first && SctpTsn.IsLessOrEqual(first.Tsn, cumAck))
        {
            _retransmitQueue.RemoveFirst();
            bytesAcked += Acknowledge(first, now);
            ReleaseChunk(first);
        }

        _cumAckFromPeer = cumAck;
        if (SctpTsn.IsLess(_advancedPeerAckPoint, cumAck))
        {
            _advancedPeerAckPoint = cumAck;
        }

        var highestGapAcked = cumAck;
        for (var i = 0; i < sack.GapBlockCount; i++)
        {
            var block = sack.GetGapBlock(i);
            if (block.End < block.Start)
            {
                continue;
            }

            for (var offset = block.Start; offset <= block.End && offset != 0; offset++)
            {
                var chunk = _retransmitQueue.Find(cumAck + offset);
                if (chunk is null)
                {
                    break;
                }

                highestGapAcked = SctpTsn.Max(highestGapAcked, chunk.Tsn);
                if (!chunk.GapAcked)
                {
                    bytesAcked += Acknowledge(chunk, now);
                    chunk.GapAcked = true;
                    highestNewlyAcked = SctpTsn.Max(highestNewlyAcked, chunk.Tsn);
                }

                if (offset == ushort.MaxValue)
                {
                    break;
                }
            }
        }

        if (bytesAcked > 0)
        {
            _errorCount = 0;
        }

        CountMissIndications(_cc.InFastRecovery && cumAdvanced ? highestGapAcked : highestNewlyAcked);

        // RFC 9260 §6.2.1 D iv: peer rwnd is a_rwnd minus what is still in flight.
        _peerRwnd = Math.Max(0, sack.ARwnd - _flightSize);
        _cc.OnSack(bytesAcked, cumAdvanced, cumAck, flightBefore);

        if (_fastRetransmitPending)
        {
            var highestOutstanding = _nextTsn - 1;
            _cc.OnFastRetransmit(highestOutstanding);
        }

        UpdateAdvancedPeerAckPoint();
        var forwardOutstanding = SctpTsn.IsGreater(_advancedPeerAckPoint, _cumAckFromPeer);
        if (forwardOutstanding)
        {
            // RFC 3758 §3.5 C3: keep sending FORWARD TSN while the peer lags behind the advanced point.
            _forwardTsnPending = true;
        }

        if (!forwardOutstanding && !HasUnackedChunks())
        {
            _t3.Stop();
            _cc.OnAllDataAcknowledged();
        }
        else if (cumAdvanced || !_t3.IsRunning)
        {
            // RFC 9260 §6.3.2 R3: restart T3 when the earliest outstanding TSN is acknowledged.
            _t3.Start(_rto.Rto);
        }

        CheckShutdownProgress();
        CheckPendingResets();
    }

    /// <summary>Handles one newly acknowledged chunk; returns the bytes it adds to the acked count.</summary>
    private long Acknowledge(SctpOutboundChunk chunk, long now)
    {
        if (chunk.GapAcked)
        {
            return 0;
        }

        if (!chunk.Abandoned)
        {
            _unackedChunks--;
        }

        if (_rttProbeActive && chunk.Tsn == _rttProbeTsn)
        {
            // RFC 9260 §6.3.1 C5 (Karn): only chunks sent once are measured; the probe is cleared on retransmission.
            _rto.Measure(_time.GetElapsedTime(_rttProbeSentAt, now));
            _rttProbeActive = false;
        }

        RemoveFromFlight(chunk);
        if (chunk.Retransmit)
        {
            chunk.Retransmit = false;
            chunk.FastRetransmit = false;
            _markedForRetransmit--;
        }

        return chunk.Abandoned ? 0 : chunk.Size;
    }

    /// <summary>
    /// RFC 9260 §7.2.4: each SACK that reports a TSN missing below the highest newly acknowledged TSN
    /// (HTNA) adds a miss indication; the third triggers a fast retransmit, once per TSN.
    /// </summary>
    private void CountMissIndications(uint highestTsn)
    {
        for (var i = 0; i < _retransmitQueue.Count; i++)
        {
            var chunk = _retransmitQueue[i];
            if (!SctpTsn.IsLess(chunk.Tsn, highestTsn))
            {
                break;
            }

            if (chunk.GapAcked || chunk.Abandoned || chunk.Retransmit || chunk.WasFastRetransmitted || !chunk.InFlight)
            {
                continue;
            }

            if (++chunk.MissIndications < 3)
            {
                continue;
            }

            if (ShouldAbandon(chunk))
            {
                AbandonMessage(chunk.Message);
                continue;
            }

            MarkForRetransmit(chunk);
            chunk.FastRetransmit = true;
            chunk.WasFastRetransmitted = true;
            _fastRetransmitPending = true;
            _counters.FastRetransmits++;
        }
    }

    private void MarkForRetransmit(SctpOutboundChunk chunk)
    {
        RemoveFromFlight(chunk);
        if (!chunk.Retransmit)
        {
            chunk.Retransmit = true;
            _markedForRetransmit++;
        }

        if (_rttProbeActive && chunk.Tsn == _rttProbeTsn)
        {
            _rttProbeActive = false;
        }
    }

    private void RemoveFromFlight(SctpOutboundChunk chunk)
    {
        if (chunk.InFlight)
        {
            chunk.InFlight = false;
            _flightSize -= chunk.Size;
        }
    }

    /// <summary>True while some chunk is neither acknowledged nor abandoned.</summary>
    private bool HasUnackedChunks() => _unackedChunks > 0;

    private void ReleaseChunk(SctpOutboundChunk chunk)
    {
        var message = chunk.Message;
        message.OutstandingChunks--;
        message.ReleaseIfDone();
        _retransmitQueue.Recycle(chunk);
    }
}
