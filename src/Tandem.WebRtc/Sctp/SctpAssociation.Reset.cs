using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>Stream reset with RE-CONFIG (RFC 6525), used to close data channels (RFC 8831 §6.7).</summary>
internal sealed partial class SctpAssociation
{
    private const int MaxStreamsPerReset = 32;

    private readonly List<ushort> _streamsToReset = [];
    private readonly List<ushort> _resetInFlight = [];
    private uint _nextReconfigRequestSeq;
    private uint _resetInFlightSeq;
    private uint _resetInFlightLastTsn;
    private bool _reconfigSendDue;
    private uint _expectedPeerReconfigSeq;
    private SctpReConfigResult _lastPeerRequestResult;
    private bool _deferredReset;
    private uint _deferredResetLastTsn;
    private readonly List<ushort> _deferredResetStreams = [];

    /// <summary>
    /// Resets outgoing streams (RFC 6525 §5.1.2). The request goes out once everything queued on those
    /// streams has been sent and acknowledged; <see cref="OutgoingStreamReset"/> fires when the peer performed it.
    /// </summary>
    public void ResetStreams(ReadOnlySpan<ushort> streamIds)
    {
        lock (_lock)
        {
            foreach (var id in streamIds)
            {
                var stream = GetOutboundStream(id);
                if (!stream.ResetRequested)
                {
                    stream.ResetRequested = true;
                    _streamsToReset.Add(id);
                }
            }

            CheckPendingResets();
            FlushLocked();
        }

        AfterUnlock();
    }

    /// <summary>Starts a reset request when none is in flight and the waiting streams are drained.</summary>
    private void CheckPendingResets()
    {
        if (_resetInFlight.Count > 0 || _streamsToReset.Count == 0 || !IsDataState())
        {
            return;
        }

        if (!_peerReConfig)
        {
            // Without RE-CONFIG the peer cannot learn of the close; report the reset done locally.
            foreach (var id in _streamsToReset)
            {
                CompleteOutgoingReset(id);
            }

            _streamsToReset.Clear();
            return;
        }

        for (var i = 0; i < _streamsToReset.Count && _resetInFlight.Count < MaxStreamsPerReset; i++)
        {
            var id = _streamsToReset[i];
            if (GetOutboundStream(id).QueuedMessages == 0 && !HasOutstandingOn(id))
            {
                _resetInFlight.Add(id);
                _streamsToReset.RemoveAt(i--);
            }
        }

        if (_resetInFlight.Count > 0)
        {
            _resetInFlightSeq = _nextReconfigRequestSeq++;
            _resetInFlightLastTsn = _nextTsn - 1;
            _reconfigSendDue = true;
            _reconfigTimer.Attempts = 0;
        }
    }

    private bool HasOutstandingOn(ushort streamId)
    {
        for (var i = 0; i < _retransmitQueue.Count; i++)
        {
            var chunk = _retransmitQueue[i];
            if (chunk.Message.StreamId == streamId && !chunk.GapAcked && !chunk.Abandoned)
            {
                return true;
            }
        }

        return false;
    }

    private void WriteReConfigIfDue(ref SctpPacketBuilder builder)
    {
        var length = SctpChunk.HeaderLength + SctpOutgoingSsnResetRequest.GetLength(_resetInFlight.Count);
        if (!_reconfigSendDue || builder.Remaining < length)
        {
            return;
        }

        Span<ushort> streams = stackalloc ushort[_resetInFlight.Count];
        for (var i = 0; i < streams.Length; i++)
        {
            streams[i] = _resetInFlight[i];
        }

        var destination = builder.Free;
        var parameterLength = SctpOutgoingSsnResetRequest.Write(
            destination[SctpChunk.HeaderLength..], _resetInFlightSeq, _expectedPeerReconfigSeq - 1, _resetInFlightLastTsn, streams);
        builder.Advance(new SctpReConfigChunk(destination.Slice(SctpChunk.HeaderLength, parameterLength)).WriteTo(destination));
        _reconfigSendDue = false;
        _reconfigTimer.Start(_rto.Rto * Math.Pow(2, Math.Min(_reconfigTimer.Attempts, 6)));
    }

    private void OnReconfigTimer()
    {
        if (_resetInFlight.Count > 0)
        {
            // RFC 6525 §5.1.1: retransmit the same request (same sequence number) on timeout.
            _reconfigTimer.Attempts++;
            _reconfigSendDue = true;
        }
    }

    private void HandleReConfig(in SctpReConfigChunk chunk)
    {
        foreach (var parameter in new SctpParameterEnumerator(chunk.Parameters))
        {
            if (SctpOutgoingSsnResetRequest.TryParse(parameter, out var outgoing))
            {
                HandleOutgoingResetRequest(outgoing);
            }
            else if (SctpIncomingSsnResetRequest.TryParse(parameter, out var incoming))
            {
                // RFC 6525 §5.2.3 lets a receiver deny; data channels never ask for it.
                var result = incoming.RequestSequence == _expectedPeerReconfigSeq ? SctpReConfigResult.Denied : SctpReConfigResult.ErrorBadSequenceNumber;
                if (result == SctpReConfigResult.Denied)
                {
                    _expectedPeerReconfigSeq++;
                    _lastPeerRequestResult = result;
                }

                QueueReConfigResponse(incoming.RequestSequence, result);
            }
            else if (SctpReConfigResponse.TryParse(parameter, out var response))
            {
                HandleReConfigResponse(response);
            }
        }
    }

    private void HandleOutgoingResetRequest(in SctpOutgoingSsnResetRequest request)
    {
        SctpReConfigResult result;
        if (request.RequestSequence == _expectedPeerReconfigSeq - 1 && !_deferredReset)
        {
            // A retransmitted request we already answered: repeat the answer (RFC 6525 §5.2.1).
            result = _lastPeerRequestResult;
        }
        else if (request.RequestSequence != _expectedPeerReconfigSeq)
        {
            result = SctpReConfigResult.ErrorBadSequenceNumber;
        }
        else if (SctpTsn.IsLessOrEqual(request.LastAssignedTsn, _tsns.CumulativeTsn))
        {
            for (var i = 0; i < request.StreamCount; i++)
            {
                ResetIncoming(request.GetStream(i));
            }

            _deferredReset = false;
            _expectedPeerReconfigSeq++;
            result = _lastPeerRequestResult = SctpReConfigResult.SuccessPerformed;
        }
        else
        {
            // RFC 6525 §5.2.2: data up to the sender's last TSN is still missing; defer and say so.
            _deferredReset = true;
            _deferredResetLastTsn = request.LastAssignedTsn;
            _deferredResetStreams.Clear();
            for (var i = 0; i < request.StreamCount; i++)
            {
                _deferredResetStreams.Add(request.GetStream(i));
            }

            result = SctpReConfigResult.InProgress;
        }

        QueueReConfigResponse(request.RequestSequence, result);
    }

    /// <summary>Performs a deferred incoming reset once the cumulative TSN reaches the sender's last TSN.</summary>
    private void TryPerformDeferredReset()
    {
        if (!_deferredReset || SctpTsn.IsGreater(_deferredResetLastTsn, _tsns.CumulativeTsn))
        {
            return;
        }

        foreach (var id in _deferredResetStreams)
        {
            ResetIncoming(id);
        }

        _deferredReset = false;
        _expectedPeerReconfigSeq++;
        _lastPeerRequestResult = SctpReConfigResult.SuccessPerformed;
    }

    private void ResetIncoming(ushort streamId)
    {
        _reassembly.ResetStream(streamId);
        Raise(new PendingEvent(EventKind.IncomingReset, streamId));
    }

    private void HandleReConfigResponse(in SctpReConfigResponse response)
    {
        if (_resetInFlight.Count == 0 || response.ResponseSequence != _resetInFlightSeq)
        {
            return;
        }

        if (response.Result == SctpReConfigResult.InProgress)
        {
            // Keep the request; the reconfig timer retransmits it.
            return;
        }

        _reconfigTimer.Stop();
        foreach (var id in _resetInFlight)
        {
            CompleteOutgoingReset(id);
        }

        _resetInFlight.Clear();
        CheckPendingResets();
    }

    private void CompleteOutgoingReset(ushort streamId)
    {
        // RFC 6525 §5.1.2: after a reset the stream's SSN restarts at 0.
        var stream = GetOutboundStream(streamId);
        stream.NextSsn = 0;
        stream.ResetRequested = false;
        Raise(new PendingEvent(EventKind.OutgoingReset, streamId));
    }

    private void QueueReConfigResponse(uint sequence, SctpReConfigResult result)
    {
        Span<byte> parameter = stackalloc byte[SctpReConfigResponse.Length];
        new SctpReConfigResponse(sequence, result).WriteTo(parameter);
        QueueControl(SctpChunk.HeaderLength + SctpReConfigResponse.Length, parameter, static (d, p) => new SctpReConfigChunk(p).WriteTo(d));
    }
}
