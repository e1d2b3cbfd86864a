using System.Text;
using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>Graceful shutdown (RFC 9260 §9.2), ABORT (§9.1) and failure.</summary>
internal sealed partial class SctpAssociation
{
    private bool _shutdownDue;
    private bool _shutdownAckDue;

    /// <summary>
    /// Starts a graceful shutdown (RFC 9260 §9.2): queued data is still delivered, then SHUTDOWN is exchanged
    /// and <see cref="Closed"/> fires with a null reason.
    /// </summary>
    public void Shutdown()
    {
        lock (_lock)
        {
            if (_state == SctpAssociationState.Established)
            {
                _state = SctpAssociationState.ShutdownPending;
                CheckShutdownProgress();
                FlushLocked();
            }
            else if (_state is SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed)
            {
                CloseLocked(null);
            }
        }

        AfterUnlock();
    }

    /// <summary>Aborts the association (RFC 9260 §9.1): sends ABORT with a user-initiated cause and closes at once.</summary>
    public void Abort(string reason)
    {
        lock (_lock)
        {
            if (_state == SctpAssociationState.Closed)
            {
                return;
            }

            SendAbort(SctpErrorCause.UserInitiatedAbort, reason);
            CloseLocked(reason);
        }

        AfterUnlock();
    }

    private void SendAbort(ushort cause, string reason)
    {
        if (_peerTag == 0)
        {
            return;
        }

        Span<byte> causes = stackalloc byte[128];
        var text = Encoding.UTF8.GetBytes(reason.Length > 64 ? reason[..64] : reason);
        var length = SctpErrorCause.Write(causes, cause, text);
        var abort = new SctpAbortChunk(causes[..length]);
        var builder = StartPacket(_peerTag, out var buffer);
        builder.Advance(abort.WriteTo(builder.Free));
        EnqueuePacket(buffer, builder.Finish());
    }

    private void Fail(string reason)
    {
        SendAbort(SctpErrorCause.ProtocolViolation, reason);
        CloseLocked(reason);
    }

    private void HandleAbort(in SctpAbortChunk abort)
    {
        if (_state != SctpAssociationState.Closed)
        {
            CloseLocked("aborted by peer: " + SctpErrorCause.Describe(abort.Causes));
        }
    }

    private void HandleShutdown(in SctpShutdownChunk shutdown)
    {
        if (!IsDataState())
        {
            return;
        }

        // RFC 9260 §9.2: the SHUTDOWN's Cumulative TSN Ack acknowledges our data like a SACK without gaps.
        Span<byte> sack = stackalloc byte[SctpSackChunk.FixedLength];
        SctpSackChunk.Write(sack, shutdown.CumulativeTsnAck, (uint)Math.Min(uint.MaxValue, _peerRwnd + _flightSize), [], []);
        if (SctpSackChunk.TryParse(sack, out var implicitSack))
        {
            HandleSack(implicitSack);
        }

        switch (_state)
        {
            case SctpAssociationState.Established or SctpAssociationState.ShutdownPending:
                _state = SctpAssociationState.ShutdownReceived;
                CheckShutdownProgress();
                break;
            case SctpAssociationState.ShutdownSent:
                // RFC 9260 §9.2: both sides shut down at once; answer with SHUTDOWN ACK.
                _state = SctpAssociationState.ShutdownAckSent;
                _shutdownAckDue = true;
                _t2.Attempts = 0;
                _t2.Start(_rto.Rto);
                break;
        }
    }

    private void HandleShutdownAck()
    {
        if (_state is SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent)
        {
            var builder = StartPacket(_peerTag, out var buffer);
            builder.Advance(new SctpShutdownCompleteChunk(false).WriteTo(builder.Free));
            EnqueuePacket(buffer, builder.Finish());
            CloseLocked(null);
        }
    }

    private void HandleShutdownComplete()
    {
        if (_state == SctpAssociationState.ShutdownAckSent)
        {
            CloseLocked(null);
        }
    }

    /// <summary>Moves a pending shutdown forward once all our data is acknowledged (RFC 9260 §9.2).</summary>
    private void CheckShutdownProgress()
    {
        if (_state is not (SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived)
            || _sendQueue.Count > 0 || HasUnackedChunks())
        {
            return;
        }

        if (_state == SctpAssociationState.ShutdownPending)
        {
            _state = SctpAssociationState.ShutdownSent;
            _shutdownDue = true;
        }
        else
        {
            _state = SctpAssociationState.ShutdownAckSent;
            _shutdownAckDue = true;
        }

        _t2.Attempts = 0;
        _t2.Start(_rto.Rto);
    }

    private void WriteShutdownIfDue(ref SctpPacketBuilder builder)
    {
        if (_shutdownDue && builder.Remaining >= SctpShutdownChunk.Length)
        {
            builder.Advance(new SctpShutdownChunk(_tsns.CumulativeTsn).WriteTo(builder.Free));
            _shutdownDue = false;
        }

        if (_shutdownAckDue && builder.Remaining >= SctpShutdownAckChunk.Length)
        {
            builder.Advance(default(SctpShutdownAckChunk).WriteTo(builder.Free));
            _shutdownAckDue = false;
        }
    }

    private void OnT2Expired()
    {
        if (_state is not (SctpAssociationState.ShutdownSent or SctpAssociationState.ShutdownAckSent))
        {
            return;
        }

        if (++_t2.Attempts > _options.MaxRetransmissions)
        {
            Fail("shutdown timed out");
            return;
        }

        _shutdownDue = _state == SctpAssociationState.ShutdownSent;
        _shutdownAckDue = _state == SctpAssociationState.ShutdownAckSent;
        var due = _rto.Rto * Math.Pow(2, Math.Min(_t2.Attempts, 6));
        _t2.Start(due > _options.RtoMax ? _options.RtoMax : due);
    }

    private void CloseLocked(string? reason)
    {
        if (_state == SctpAssociationState.Closed && _peerTag == 0)
        {
            return;
        }

        _state = SctpAssociationState.Closed;
        StopAllTimers();
        while (_retransmitQueue.Count > 0)
        {
            var chunk = _retransmitQueue.RemoveFirst();
            chunk.Message.Abandoned = true;
            ReleaseChunk(chunk);
        }

        while (_sendQueue.TryDequeue(out var message))
        {
            message.Abandoned = true;
            message.ReleaseIfDone();
        }

        _flightSize = 0;
        _markedForRetransmit = 0;
        _unackedChunks = 0;
        _myTag = 0;
        _peerTag = 0;
        Raise(new PendingEvent(EventKind.Closed, Reason: reason));
    }
}
