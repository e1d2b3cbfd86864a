using Tandem.WebRtc.Sctp.Chunks;

namespace Tandem.WebRtc.Sctp;

/// <summary>
/// Building outgoing packets: control chunks first, then retransmissions, then new DATA, bundled up to
/// the path MTU (RFC 9260 §6.10) within the congestion and receiver windows (§6.1, §7.2).
/// </summary>
internal sealed partial class SctpAssociation
{
    /// <summary>The smallest piece of a message worth putting at the end of a packet that is otherwise full.</summary>
    internal const int MinFragment = 64;

    /// <summary>Full packets' worth of queued data above which a message is cut to fill a packet.</summary>
    private const int CutBacklogPackets = 4;

    private readonly Queue<byte[]> _controlQueue = new();

    // Bytes of queued messages not yet cut into chunks, over all streams (the sum of their BufferedAmount).
    private long _unsentBytes;
    private int _lastDataChunkOffset;
    private long _lastDataSentAt;
    private long _flushNow;

    private delegate int ControlWriter(Span<byte> destination, ReadOnlySpan<byte> argument);

    /// <summary>Queues a control chunk of <paramref name="length"/> bytes to go out in the next packet.</summary>
    private void QueueControl(int length, ReadOnlySpan<byte> argument, ControlWriter write)
    {
        var chunk = new byte[length];
        write(chunk, argument);
        _controlQueue.Enqueue(chunk);
    }

    private void FlushLocked()
    {
        if (_state is SctpAssociationState.Closed or SctpAssociationState.CookieWait || _peerTag == 0)
        {
            _controlQueue.Clear();
            return;
        }

        var canSendData = IsDataState();
        BundlePendingSack(canSendData);

        // One clock read per flush: reading it per chunk cost a vDSO call each (5 % of an in-process transfer).
        _flushNow = Now;
        ApplyIdleDecay();
        var fastOnly = _fastRetransmitPending;
        _fastRetransmitPending = false;
        var sentData = false;
        while (true)
        {
            var buffer = RentPacket();
            _lastDataChunkOffset = -1;
            var builder = new SctpPacketBuilder(buffer.AsSpan(0, _options.Mtu), _options.LocalPort, _options.RemotePort, _peerTag);
            WriteControl(ref builder, canSendData);
            if (canSendData)
            {
                if (fastOnly)
                {
                    // RFC 9260 §7.2.4 3: one packet of fast retransmissions, regardless of cwnd.
                    sentData |= WriteRetransmissions(ref builder, fastOnly: true);
                    fastOnly = false;
                }

                sentData |= WriteRetransmissions(ref builder, fastOnly: false);
                sentData |= WriteNewData(ref builder);
                RequestImmediateSackIfLast(buffer);
            }

            if (builder.IsEmpty)
            {
                System.Buffers.ArrayPool<byte>.Shared.Return(buffer);
                break;
            }

            EnqueuePacket(buffer, builder.Finish());
        }

        if (sentData && !_t3.IsRunning)
        {
            // RFC 9260 §6.3.2 R1: start T3 when DATA is sent and it is not running.
            _t3.Start(_rto.Rto);
        }
    }

    private void ApplyIdleDecay()
    {
        if (_flightSize > 0 || _sendQueue.Count == 0 || _lastDataSentAt == 0)
        {
            return;
        }

        var idle = _time.GetElapsedTime(_lastDataSentAt, _flushNow);
        if (idle > _rto.Rto)
        {
            _cc.OnIdle((int)Math.Min(16, idle / _rto.Rto));
        }
    }

    /// <summary>
    /// RFC 7053 §4.1: set the I bit on the last DATA chunk when a delayed SACK would stall us: this packet is
    /// (about) all that is in flight, so the peer's every-second-packet rule (RFC 9260 §6.2) will not fire,
    /// and we can send nothing more until it SACKs (cwnd full, or nothing queued); and during shutdown, which
    /// waits for every TSN to be acknowledged. Not on every packet that empties the send queue: an application
    /// that sends one small message at a time empties it each time, and would get a SACK for every packet.
    /// </summary>
    private void RequestImmediateSackIfLast(byte[] packet)
    {
        if (_lastDataChunkOffset < 0)
        {
            return;
        }

        var stalls = _flightSize <= _options.Mtu && (_flightSize >= _cc.Cwnd || _sendQueue.Count == 0);
        if (stalls || _state is SctpAssociationState.ShutdownPending or SctpAssociationState.ShutdownReceived)
        {
            packet[_lastDataChunkOffset + 1] |= SctpDataChunk.FlagImmediate;
        }
    }

    private void WriteControl(ref SctpPacketBuilder builder, bool canSendData)
    {
        WriteSackIfDue(ref builder);
        while (_controlQueue.TryPeek(out var chunk) && chunk.Length <= builder.Remaining)
        {
            _controlQueue.Dequeue();
            chunk.CopyTo(builder.Free);
            builder.Advance(chunk.Length);
        }

        if (canSendData)
        {
            WriteForwardTsnIfDue(ref builder);
            WriteReConfigIfDue(ref builder);
        }

        WriteShutdownIfDue(ref builder);
        WriteHeartbeatIfDue(ref builder);
    }

    private bool WriteRetransmissions(ref SctpPacketBuilder builder, bool fastOnly)
    {
        var wrote = false;
        for (var i = 0; i < _retransmitQueue.Count && _markedForRetransmit > 0; i++)
        {
            var chunk = _retransmitQueue[i];
            if (!chunk.Retransmit || (fastOnly && !chunk.FastRetransmit))
            {
                continue;
            }

            if ((!fastOnly && _flightSize >= _cc.Cwnd) || builder.Remaining < chunk.Size)
            {
                break;
            }

            chunk.Retransmit = false;
            chunk.FastRetransmit = false;
            _markedForRetransmit--;
            _counters.DataChunksRetransmitted++;
            WriteDataChunk(ref builder, chunk);
            wrote = true;
        }

        return wrote;
    }

    private bool WriteNewData(ref SctpPacketBuilder builder)
    {
        // RFC 9260 §6.1 B: a packet may start while flight < cwnd and then be filled, exceeding cwnd by
        // less than one PMTU; checking cwnd per chunk would send the packet that reaches cwnd part-empty.
        var flightAtStart = _flightSize;
        var wrote = false;
        while (_sendQueue.TryPeek(out var message))
        {
            var stream = GetOutboundStream(message.StreamId);
            if (message.Abandoned || (message.SentOffset == 0 && message.ExpiresAt != long.MaxValue && _flushNow >= message.ExpiresAt))
            {
                // RFC 3758 §3.5: a message that expired before its first transmission is dropped without a TSN.
                DropUnsent(message, stream);
                continue;
            }

            // RFC 9260 §6.9, §6.10: fill the packet, cutting the message at its end when at least MinFragment
            // bytes fit and a backlog of several packets is queued (a sender held back by cwnd): with only a
            // message or two queued the cut saves no packet and only adds a chunk. Per-datagram costs (DTLS,
            // system calls, the peer's SACKs) dominate small messages: one 1 KiB message per packet leaves
            // 11 % of each packet empty.
            var room = builder.Remaining - SctpDataChunk.HeaderLength;
            var remaining = message.Length - message.SentOffset;
            var fullChunk = _options.Mtu - SctpPacket.HeaderLength - SctpDataChunk.HeaderLength;
            var cut = remaining > room && !builder.IsEmpty;
            if (flightAtStart >= _cc.Cwnd || room <= 0 || (cut && (room < MinFragment || _unsentBytes < room + (CutBacklogPackets * fullChunk))))
            {
                break;
            }

            var size = Math.Min(remaining, room);

            // RFC 9260 §6.1 A/B: respect the peer's window, but allow one chunk into an empty flight (zero-window probe).
            if (_peerRwnd < SctpDataChunk.HeaderLength + size && _flightSize > 0)
            {
                break;
            }

            var chunk = _retransmitQueue.Rent();
            chunk.Tsn = _nextTsn++;
            chunk.Message = message;
            chunk.Offset = message.SentOffset;
            chunk.Length = size;
            chunk.Flags = (byte)((message.SentOffset == 0 ? SctpDataChunk.FlagBeginning : 0)
                | (size == remaining ? SctpDataChunk.FlagEnd : 0)
                | (message.Unordered ? SctpDataChunk.FlagUnordered : 0));
            if (message.SentOffset == 0 && !message.Unordered)
            {
                message.Ssn = stream.NextSsn++;
            }

            message.OutstandingChunks++;
            message.SentOffset += size;
            _retransmitQueue.Add(chunk);
            _unackedChunks++;
            if (!_rttProbeActive)
            {
                _rttProbeActive = true;
                _rttProbeTsn = chunk.Tsn;
                _rttProbeSentAt = _flushNow;
            }

            WriteDataChunk(ref builder, chunk);
            _peerRwnd = Math.Max(0, _peerRwnd - chunk.Size);
            wrote = true;
            DecreaseBuffered(message.StreamId, stream, size);
            if (message.FullySent)
            {
                _sendQueue.Dequeue();
                stream.QueuedMessages--;
            }
        }

        return wrote;
    }

    private void WriteDataChunk(ref SctpPacketBuilder builder, SctpOutboundChunk chunk)
    {
        var message = chunk.Message;
        var destination = builder.Free;
        _lastDataChunkOffset = builder.Length;
        SctpDataChunk.WriteHeader(destination, chunk.Tsn, message.StreamId, message.Unordered ? (ushort)0 : message.Ssn, message.Ppid, chunk.Flags, chunk.Length);
        message.Buffer.AsSpan(chunk.Offset, chunk.Length).CopyTo(destination[SctpDataChunk.HeaderLength..]);
        builder.Advance(chunk.Size);
        chunk.TransmitCount++;
        chunk.SentAt = _flushNow;
        _lastDataSentAt = chunk.SentAt;
        chunk.InFlight = true;
        chunk.MissIndications = 0;
        _flightSize += chunk.Size;
        _counters.DataChunksSent++;
    }

    private void DropUnsent(SctpOutboundMessage message, SctpOutboundStream stream)
    {
        _sendQueue.Dequeue();
        stream.QueuedMessages--;
        if (!message.Abandoned)
        {
            message.Abandoned = true;
            _counters.MessagesAbandoned++;
            DecreaseBuffered(message.StreamId, stream, message.Length - message.SentOffset);
        }

        message.ReleaseIfDone();
    }

    private void DecreaseBuffered(ushort streamId, SctpOutboundStream stream, long bytes)
    {
        var before = stream.BufferedAmount;
        stream.BufferedAmount = Math.Max(0, before - bytes);
        _unsentBytes -= before - stream.BufferedAmount;
        if (before > stream.BufferedAmountLowThreshold && stream.BufferedAmount <= stream.BufferedAmountLowThreshold)
        {
            Raise(new PendingEvent(EventKind.BufferedAmountLow, streamId));
        }
    }
}
