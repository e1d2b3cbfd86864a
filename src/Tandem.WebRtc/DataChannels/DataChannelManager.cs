using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.DataChannels;

/// <summary>
/// The data channels of one SCTP association (RFC 8831): creates channels, runs DCEP (RFC 8832)
/// for in-band ones, routes messages by stream id and turns stream resets into channel closes.
/// </summary>
internal sealed class DataChannelManager : IDisposable
{
    private readonly SctpAssociation _association;
    private readonly bool _isDtlsClient;
    private readonly object _lock = new();
    private readonly Dictionary<ushort, RtcDataChannel> _channels = [];

    /// <summary>
    /// Attaches to <paramref name="association"/>. <paramref name="isDtlsClient"/> picks the stream id parity
    /// (RFC 8832 §6: the DTLS client uses even ids, the server odd). <paramref name="remoteMaxMessageSize"/> is the
    /// peer's SDP max-message-size (RFC 8841 §6); sends are limited to it and to our own limit.
    /// </summary>
    public DataChannelManager(SctpAssociation association, bool isDtlsClient, int? remoteMaxMessageSize = null)
    {
        ArgumentNullException.ThrowIfNull(association);
        _association = association;
        _isDtlsClient = isDtlsClient;
        MaxMessageSize = Math.Min(association.Options.MaxMessageSize, remoteMaxMessageSize is > 0 and var m ? m : int.MaxValue);
        association.Established += OnEstablished;
        association.MessageReceived += OnMessage;
        association.IncomingStreamReset += OnIncomingReset;
        association.OutgoingStreamReset += OnOutgoingReset;
        association.BufferedAmountLow += OnBufferedAmountLow;
        association.Closed += OnAssociationClosed;
    }

    /// <summary>Raised when the peer opened a channel with DATA_CHANNEL_OPEN; the channel is already open.</summary>
    public event Action<RtcDataChannel>? DataChannelReceived;

    /// <summary>The largest message a channel may send.</summary>
    public int MaxMessageSize { get; }

    /// <summary>The channels currently known (not yet closed).</summary>
    public IReadOnlyList<RtcDataChannel> Channels
    {
        get
        {
            lock (_lock)
            {
                return [.. _channels.Values];
            }
        }
    }

    /// <summary>
    /// Creates a channel (W3C createDataChannel). An in-band channel sends DATA_CHANNEL_OPEN as soon as the
    /// association is established and opens when DATA_CHANNEL_ACK arrives. A negotiated one opens with the
    /// association; created on an established association it is Open on return and <see cref="RtcDataChannel.Opened"/>
    /// is raised afterwards from the thread pool.
    /// </summary>
    public RtcDataChannel CreateDataChannel(string label, RtcDataChannelInit? init = null)
    {
        ArgumentNullException.ThrowIfNull(label);
        init ??= new RtcDataChannelInit();
        if (init.MaxRetransmits is not null && init.MaxPacketLifeTime is not null)
        {
            throw new ArgumentException("MaxRetransmits and MaxPacketLifeTime are mutually exclusive.", nameof(init));
        }

        if (init.Negotiated && init.Id is null)
        {
            throw new ArgumentException("A negotiated channel needs an Id.", nameof(init));
        }

        RtcDataChannel channel;
        lock (_lock)
        {
            var id = init.Id ?? AllocateId();
            if (id == ushort.MaxValue || _channels.ContainsKey(id))
            {
                throw new ArgumentException($"Stream id {id} is not available.", nameof(init));
            }

            channel = new RtcDataChannel(this, _association, id, label, init);
            _channels[id] = channel;
        }

        if (_association.State == SctpAssociationState.Established && !StartChannel(channel))
        {
            Forget(channel);
            throw new InvalidOperationException($"Cannot open a data channel in association state {_association.State}.");
        }

        return channel;
    }

    /// <summary>Detaches from the association.</summary>
    public void Dispose()
    {
        _association.Established -= OnEstablished;
        _association.MessageReceived -= OnMessage;
        _association.IncomingStreamReset -= OnIncomingReset;
        _association.OutgoingStreamReset -= OnOutgoingReset;
        _association.BufferedAmountLow -= OnBufferedAmountLow;
        _association.Closed -= OnAssociationClosed;
    }

    internal void Forget(RtcDataChannel channel)
    {
        lock (_lock)
        {
            if (_channels.TryGetValue(channel.Id, out var known) && known == channel)
            {
                _channels.Remove(channel.Id);
            }
        }
    }

    private ushort AllocateId()
    {
        // RFC 8832 §6: the DTLS client takes even stream ids, the server odd ones, so both can open without clashing.
        for (int id = _isDtlsClient ? 0 : 1; id < ushort.MaxValue; id += 2)
        {
            if (!_channels.ContainsKey((ushort)id))
            {
                return (ushort)id;
            }
        }

        throw new InvalidOperationException("No free data channel stream id.");
    }

    /// <summary>Opens a channel on the established association; false when the association closed meanwhile.</summary>
    private bool StartChannel(RtcDataChannel channel)
    {
        if (channel.Negotiated)
        {
            // Open at once so the caller may send right away; the Opened event follows on the event sequence.
            if (channel.MarkOpen(acknowledged: true))
            {
                _association.Post(channel.RaiseOpened);
            }

            return true;
        }

        var open = channel.ToOpenMessage();
        var bytes = new byte[open.Length];
        open.WriteTo(bytes);
        return TrySendDcep(channel.Id, bytes);
    }

    /// <summary>
    /// Sends a DCEP message from the association's event sequence. The association may have closed or begun
    /// shutting down since the event was queued (our Abort, or the peer's ABORT, racing the message): the send
    /// is then refused, and the association's Closed event, queued behind this one, closes the channel. Throwing instead would escape into
    /// whichever thread dispatches (PeerConnection.Close, the DTLS receive thread) and strand that Closed event.
    /// </summary>
    private bool TrySendDcep(ushort streamId, ReadOnlySpan<byte> message)
    {
        try
        {
            _association.Send(streamId, DataChannelPpid.Dcep, message);
            return true;
        }
        catch (InvalidOperationException) when (_association.State is not (SctpAssociationState.Established
            or SctpAssociationState.CookieWait or SctpAssociationState.CookieEchoed))
        {
            return false;
        }
    }

    private void OnEstablished()
    {
        foreach (var channel in Channels)
        {
            if (channel.ReadyState == RtcDataChannelState.Connecting)
            {
                StartChannel(channel);
            }
        }
    }

    private void OnMessage(SctpMessage message)
    {
        if (message.Ppid == DataChannelPpid.Dcep)
        {
            OnDcep(message);
            return;
        }

        if (Find(message.StreamId) is not { } channel)
        {
            return;
        }

        // RFC 8832 §6: "the DATA_CHANNEL_ACK message or any other message" on the stream acknowledges our
        // DATA_CHANNEL_OPEN: the channel opens (Opened first) before the message is delivered, so a reply
        // sent from the message handler goes out.
        channel.SetOpen(acknowledged: true);
        channel.OnMessage(message);
    }

    private void OnDcep(in SctpMessage message)
    {
        if (message.Data is [DcepOpenMessage.AckMessageType])
        {
            Find(message.StreamId)?.SetOpen(acknowledged: true);
            return;
        }

        if (!DcepOpenMessage.TryParse(message.Data, out var open))
        {
            return;
        }

        RtcDataChannel channel;
        lock (_lock)
        {
            if (_channels.ContainsKey(message.StreamId))
            {
                return;
            }

            channel = new RtcDataChannel(this, _association, message.StreamId, open!.Label, RtcDataChannel.InitFrom(open, message.StreamId));
            _channels[message.StreamId] = channel;
        }

        // RFC 8832 §6: acknowledge on the same stream, ordered and reliable. When the association is
        // closing the channel was never surfaced, so it is forgotten here rather than by the Closed event.
        if (!TrySendDcep(message.StreamId, [DcepOpenMessage.AckMessageType]))
        {
            lock (_lock)
            {
                _channels.Remove(message.StreamId);
            }

            return;
        }

        channel.MarkOpen(acknowledged: true);
        DataChannelReceived?.Invoke(channel);
        channel.RaiseOpened();
    }

    private RtcDataChannel? Find(ushort id)
    {
        lock (_lock)
        {
            return _channels.GetValueOrDefault(id);
        }
    }

    private void OnIncomingReset(ushort id) => Find(id)?.OnIncomingReset();

    private void OnOutgoingReset(ushort id) => Find(id)?.OnOutgoingReset();

    private void OnBufferedAmountLow(ushort id) => Find(id)?.OnBufferedAmountLow();

    private void OnAssociationClosed(string? _)
    {
        foreach (var channel in Channels)
        {
            channel.OnAssociationClosed();
        }
    }
}
