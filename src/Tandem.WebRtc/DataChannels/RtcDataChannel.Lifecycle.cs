using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.DataChannels;

/// <summary>State changes driven by the manager from association events.</summary>
public sealed partial class RtcDataChannel
{
    /// <summary>The channel as DATA_CHANNEL_OPEN describes it (RFC 8832 §5.1).</summary>
    internal DcepOpenMessage ToOpenMessage()
    {
        var reliability = MaxRetransmits is not null ? 0x01 : MaxPacketLifeTime is not null ? 0x02 : 0x00;
        var type = (DcepChannelType)(reliability | (Ordered ? 0x00 : 0x80));
        var parameter = (uint)(MaxRetransmits ?? MaxPacketLifeTime ?? 0);
        return new DcepOpenMessage(type, Priority, parameter, Label, Protocol);
    }

    internal static RtcDataChannelInit InitFrom(DcepOpenMessage open, ushort id) => new()
    {
        Ordered = !open.Unordered,
        MaxRetransmits = ((byte)open.ChannelType & 0x7F) == 0x01 ? (ushort)Math.Min(open.ReliabilityParameter, ushort.MaxValue) : null,
        MaxPacketLifeTime = ((byte)open.ChannelType & 0x7F) == 0x02 ? (ushort)Math.Min(open.ReliabilityParameter, ushort.MaxValue) : null,
        Protocol = open.Protocol,
        Priority = open.Priority,
        Id = id,
    };

    /// <summary>Opens the channel and raises <see cref="Opened"/> (called on the association's event sequence).</summary>
    internal void SetOpen(bool acknowledged)
    {
        if (MarkOpen(acknowledged))
        {
            RaiseOpened();
        }
    }

    /// <summary>Moves Connecting to Open; false when the channel was not connecting.</summary>
    internal bool MarkOpen(bool acknowledged)
    {
        lock (_lock)
        {
            _acknowledged |= acknowledged;
            if (_state != RtcDataChannelState.Connecting)
            {
                return false;
            }

            _state = RtcDataChannelState.Open;
            return true;
        }
    }

    internal void RaiseOpened() => Opened?.Invoke();

    internal void OnMessage(in SctpMessage message)
    {
        if (ReadyState is RtcDataChannelState.Closed)
        {
            return;
        }

        var received = message.Ppid switch
        {
            DataChannelPpid.String or DataChannelPpid.StringPartial => new RtcDataChannelMessage(false, message.Data),
            DataChannelPpid.Binary or DataChannelPpid.BinaryPartial => new RtcDataChannelMessage(true, message.Data),
            DataChannelPpid.StringEmpty => new RtcDataChannelMessage(false, []),
            DataChannelPpid.BinaryEmpty => new RtcDataChannelMessage(true, []),
            _ => (RtcDataChannelMessage?)null,
        };
        if (received is { } m)
        {
            MessageReceived?.Invoke(m);
        }
    }

    /// <summary>The peer reset its outgoing stream: close our side too (RFC 8831 §6.7).</summary>
    internal void OnIncomingReset()
    {
        bool resetOurs;
        lock (_lock)
        {
            _incomingReset = true;
            resetOurs = _state is RtcDataChannelState.Connecting or RtcDataChannelState.Open;
            if (resetOurs)
            {
                _state = RtcDataChannelState.Closing;
            }
        }

        if (resetOurs)
        {
            _association.ResetStreams([Id]);
        }

        TryFinishClose();
    }

    internal void OnOutgoingReset()
    {
        lock (_lock)
        {
            _outgoingReset = true;
        }

        TryFinishClose();
    }

    /// <summary>
    /// Raises <see cref="BufferedAmountLow"/> unless the amount has risen above the threshold again since
    /// the association queued the event (a stale one: the application already sent more, and the next
    /// fall to the threshold raises a fresh event).
    /// </summary>
    internal void OnBufferedAmountLow()
    {
        if (BufferedAmount <= BufferedAmountLowThreshold)
        {
            BufferedAmountLow?.Invoke();
        }
    }

    /// <summary>The association ended: the channel is closed without a stream reset.</summary>
    internal void OnAssociationClosed()
    {
        lock (_lock)
        {
            if (_state == RtcDataChannelState.Closed)
            {
                return;
            }

            _state = RtcDataChannelState.Closed;
        }

        _manager.Forget(this);
        Closed?.Invoke();
    }

    private void TryFinishClose()
    {
        lock (_lock)
        {
            if (!_incomingReset || !_outgoingReset || _state == RtcDataChannelState.Closed)
            {
                return;
            }

            _state = RtcDataChannelState.Closed;
        }

        _manager.Forget(this);
        Closed?.Invoke();
    }
}
