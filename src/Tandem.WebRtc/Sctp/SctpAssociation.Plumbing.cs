using System.Buffers;
using Tandem.WebRtc.Events;

namespace Tandem.WebRtc.Sctp;

/// <summary>Outgoing packet queue, event queue and their draining outside the lock.</summary>
internal sealed partial class SctpAssociation
{
    private readonly Queue<(byte[] Buffer, int Length)> _outbox = new();
    private readonly SerialEventQueue<PendingEvent> _events;
    private StatisticsCounters _counters;

    // Set while one thread drains the outbox; others leave their packets to it, which keeps packets in
    // order without holding a lock while sending (events go the same way through _events).
    private bool _sending;

    private enum EventKind
    {
        Established,
        Message,
        Closed,
        IncomingReset,
        OutgoingReset,
        BufferedAmountLow,
        Callback,
    }

    private byte[] RentPacket() => ArrayPool<byte>.Shared.Rent(_options.Mtu);

    private void EnqueuePacket(byte[] buffer, int length)
    {
        _counters.PacketsSent++;
        _outbox.Enqueue((buffer, length));
    }

    private void Raise(PendingEvent e) => _events.Enqueue(e);

    private void OnDatagram(ReadOnlySpan<byte> datagram)
    {
        if (!SctpPacket.TryParse(datagram, out var packet))
        {
            return;
        }

        lock (_lock)
        {
            if (_disposed)
            {
                return;
            }

            _counters.PacketsReceived++;
            HandlePacket(packet);
            FlushLocked();
        }

        AfterUnlock();
    }

    private void OnTimer(SctpTimer timer)
    {
        lock (_lock)
        {
            if (_disposed || !timer.TryExpire())
            {
                return;
            }

            if (timer == _t1)
            {
                OnT1Expired();
            }
            else if (timer == _t2)
            {
                OnT2Expired();
            }
            else if (timer == _t3)
            {
                OnT3Expired();
            }
            else if (timer == _delayedAck)
            {
                _sackDue = true;
            }
            else if (timer == _heartbeat)
            {
                OnHeartbeatTimer();
            }
            else if (timer == _reconfigTimer)
            {
                OnReconfigTimer();
            }

            FlushLocked();
        }

        AfterUnlock();
    }

    /// <summary>
    /// Runs <paramref name="callback"/> on the event sequence, after the events already queued, from the
    /// thread pool: used by upper layers to raise their own events in order with the association's.
    /// </summary>
    internal void Post(Action callback)
    {
        lock (_lock)
        {
            Raise(new PendingEvent(EventKind.Callback, Callback: callback));
        }

        ThreadPool.UnsafeQueueUserWorkItem(static self => self.DispatchEvents(), this, preferLocal: false);
    }

    private void AfterUnlock()
    {
        DrainOutbox();
        DispatchEvents();
    }

    private void DrainOutbox()
    {
        while (true)
        {
            (byte[] Buffer, int Length) packet;
            lock (_lock)
            {
                if (_sending || !_outbox.TryDequeue(out packet))
                {
                    return;
                }

                _sending = true;
            }

            try
            {
                var pending = _transport.SendAsync(packet.Buffer.AsMemory(0, packet.Length));
                if (pending.IsCompleted)
                {
                    ArrayPool<byte>.Shared.Return(packet.Buffer);
                }
                else
                {
                    _ = ReturnWhenSent(pending, packet.Buffer);
                }
            }
            finally
            {
                lock (_lock)
                {
                    _sending = false;
                }
            }
        }
    }

    private static async Task ReturnWhenSent(ValueTask pending, byte[] buffer)
    {
        try
        {
            await pending.ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is IOException or ObjectDisposedException or OperationCanceledException)
        {
            // A lost datagram is like UDP loss: retransmission recovers it.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    private void DispatchEvents() => _events.Dispatch();

    private void Dispatch(PendingEvent e)
    {
        switch (e.Kind)
        {
            case EventKind.Established:
                Established?.Invoke();
                break;
            case EventKind.Message:
                MessageReceived?.Invoke(e.Message);
                break;
            case EventKind.Closed:
                Closed?.Invoke(e.Reason);
                break;
            case EventKind.IncomingReset:
                IncomingStreamReset?.Invoke(e.StreamId);
                break;
            case EventKind.OutgoingReset:
                OutgoingStreamReset?.Invoke(e.StreamId);
                break;
            case EventKind.BufferedAmountLow:
                BufferedAmountLow?.Invoke(e.StreamId);
                break;
            case EventKind.Callback:
                e.Callback!();
                break;
        }
    }

    private readonly record struct PendingEvent(EventKind Kind, ushort StreamId = 0, SctpMessage Message = default, string? Reason = null, Action? Callback = null);

    private struct StatisticsCounters
    {
        public long PacketsSent;
        public long PacketsReceived;
        public long DataChunksSent;
        public long DataChunksRetransmitted;
        public long FastRetransmits;
        public long RetransmissionTimeouts;
        public long ForwardTsnSent;
        public long ForwardTsnReceived;
        public long MessagesAbandoned;
    }
}
