using System.Buffers;
using System.Text;
using Tandem.WebRtc.Sctp;

namespace Tandem.WebRtc.DataChannels;

/// <summary>
/// A WebRTC data channel (RFC 8831) on one SCTP stream, shaped like the W3C RTCDataChannel.
/// Events are raised on the association's event sequence, one at a time, in order, mostly on the
/// ICE socket's receive thread, which audio, video and STUN share: hand long work off (a queue, a
/// task) instead of blocking in a handler.
/// </summary>
public sealed partial class RtcDataChannel
{
    private readonly DataChannelManager _manager;
    private readonly SctpAssociation _association;
    private readonly object _lock = new();
    private RtcDataChannelState _state;
    private bool _acknowledged;
    private bool _incomingReset;
    private bool _outgoingReset;
    private long _lowThreshold;

    internal RtcDataChannel(DataChannelManager manager, SctpAssociation association, ushort id, string label, RtcDataChannelInit init)
    {
        _manager = manager;
        _association = association;
        Id = id;
        Label = label;
        Ordered = init.Ordered;
        MaxRetransmits = init.MaxRetransmits;
        MaxPacketLifeTime = init.MaxPacketLifeTime;
        Protocol = init.Protocol;
        Negotiated = init.Negotiated;
        Priority = init.Priority;
        _acknowledged = init.Negotiated;
    }

    /// <summary>Raised when the channel becomes open.</summary>
    public event Action? Opened;

    /// <summary>Raised for each received message.</summary>
    public event Action<RtcDataChannelMessage>? MessageReceived;

    /// <summary>Raised once when the channel is closed (by either side or with the association).</summary>
    public event Action? Closed;

    /// <summary>Raised when <see cref="BufferedAmount"/> falls to or below <see cref="BufferedAmountLowThreshold"/>.</summary>
    public event Action? BufferedAmountLow;

    public string Label { get; }

    /// <summary>The SCTP stream id (RFC 8832 §6: even for the DTLS client, odd for the server).</summary>
    public ushort Id { get; }

    public bool Ordered { get; }

    public ushort? MaxRetransmits { get; }

    /// <summary>Maximum lifetime of a message in milliseconds.</summary>
    public ushort? MaxPacketLifeTime { get; }

    public string Protocol { get; }

    public bool Negotiated { get; }

    public ushort Priority { get; }

    public RtcDataChannelState ReadyState
    {
        get
        {
            lock (_lock)
            {
                return _state;
            }
        }
    }

    /// <summary>Bytes handed to <see cref="Send(string)"/> and not yet transmitted.</summary>
    public long BufferedAmount => _association.GetBufferedAmount(Id);

    public long BufferedAmountLowThreshold
    {
        get => Volatile.Read(ref _lowThreshold);
        set
        {
            _association.SetBufferedAmountLowThreshold(Id, value);
            Volatile.Write(ref _lowThreshold, value);
        }
    }

    /// <summary>Sends a text message (PPID 51, or 56 when empty).</summary>
    /// <exception cref="InvalidOperationException">The channel is not Open (the message names its state and what to do).</exception>
    /// <exception cref="ArgumentException">The message is larger than the maximum message size.</exception>
    public void Send(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        var length = Encoding.UTF8.GetByteCount(text);
        CheckSendable(length);
        if (length == 0)
        {
            SendRaw(DataChannelPpid.StringEmpty, [0]);
            return;
        }

        var buffer = ArrayPool<byte>.Shared.Rent(length);
        try
        {
            Encoding.UTF8.GetBytes(text, buffer);
            SendRaw(DataChannelPpid.String, buffer.AsSpan(0, length));
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>Sends a binary message (PPID 53, or 57 when empty).</summary>
    /// <exception cref="InvalidOperationException">The channel is not Open (the message names its state and what to do).</exception>
    /// <exception cref="ArgumentException">The message is larger than the maximum message size.</exception>
    public void Send(ReadOnlySpan<byte> data)
    {
        CheckSendable(data.Length);
        if (data.IsEmpty)
        {
            SendRaw(DataChannelPpid.BinaryEmpty, [0]);
            return;
        }

        SendRaw(DataChannelPpid.Binary, data);
    }

    /// <inheritdoc cref="Send(ReadOnlySpan{byte})"/>
    public void Send(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        Send(data.AsSpan());
    }

    /// <summary>
    /// Closes the channel (RFC 8831 §6.7): queued messages are still sent, then the outgoing stream is reset;
    /// the peer resets its side in turn and both ends see <see cref="Closed"/>.
    /// </summary>
    public void Close()
    {
        lock (_lock)
        {
            if (_state is RtcDataChannelState.Closing or RtcDataChannelState.Closed)
            {
                return;
            }

            _state = RtcDataChannelState.Closing;
        }

        _association.ResetStreams([Id]);
    }

    private void CheckSendable(int length)
    {
        if (length > _manager.MaxMessageSize)
        {
            throw new ArgumentException($"Message of {length} bytes exceeds the maximum message size of {_manager.MaxMessageSize} bytes.");
        }

        if (ReadyState is not RtcDataChannelState.Open and var state)
        {
            throw NotOpen(state);
        }
    }

    /// <summary>W3C send(): InvalidStateError unless open. Every send path refuses with this message; none drops a message silently.</summary>
    private InvalidOperationException NotOpen(RtcDataChannelState state, Exception? inner = null) => new(
        state == RtcDataChannelState.Connecting
            ? $"Data channel '{Label}' (stream {Id}) is Connecting, not Open: wait for its Opened event before sending."
            : $"Data channel '{Label}' (stream {Id}) is {state}, not Open: it cannot send any more; open a new data channel (or a new peer connection if this one closed).",
        inner);

    private void SendRaw(uint ppid, ReadOnlySpan<byte> payload)
    {
        bool acknowledged;
        lock (_lock)
        {
            acknowledged = _acknowledged;
        }

        // RFC 8832 §6: until DATA_CHANNEL_ACK arrives, messages go ordered so none overtakes the OPEN.
        var options = new SctpSendOptions
        {
            Unordered = !Ordered && acknowledged,
            MaxRetransmits = MaxRetransmits,
            MaxLifetime = MaxPacketLifeTime is { } ms ? TimeSpan.FromMilliseconds(ms) : null,
        };
        try
        {
            _association.Send(Id, ppid, payload, options);
        }
        catch (InvalidOperationException e)
        {
            // The association ended between the state check and the send; its Closed event closes the channel next.
            throw NotOpen(RtcDataChannelState.Closed, e);
        }
    }
}
