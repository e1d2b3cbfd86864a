using System.Threading.Channels;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

/// <summary>
/// The data channels of a session: its own channel (<see cref="SessionOptions.DataChannelLabel"/>, created
/// by the offerer, PROTOCOL.md R38) — send with a result, receive as events or a reader — and more
/// channels either side opens through the session.
/// </summary>
public abstract partial class PeerSession
{
    // Guards _channelOpened: completed with the session's channel once it is open, replaced when that
    // channel is replaced or closes, so that a sender waits for the next one.
    private readonly Lock _channelLock = new();
    private volatile RtcDataChannel? _channel;
    private TaskCompletionSource<RtcDataChannel> _channelOpened = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private Channel<RtcDataChannelMessage>? _messages;

    // Guards _sendTail: the last SendTextAsync/SendBinaryAsync, which the next one waits for, so that
    // messages sent while the channel is not open yet go out in the order they were sent.
    private readonly Lock _sendOrder = new();
    private Task _sendTail = Task.CompletedTask;

    /// <summary>A text message arrived on the session's data channel (raised on the SCTP thread).</summary>
    public event Action<string>? TextReceived;

    /// <summary>A binary message arrived on the session's data channel (the array is the handler's to keep; raised on the SCTP thread).</summary>
    public event Action<byte[]>? BinaryReceived;

    /// <summary>
    /// The peer opened another data channel (not the session's own). Raised on the SCTP thread before
    /// the channel's first message is delivered: subscribe to its <see cref="RtcDataChannel.MessageReceived"/> here.
    /// The channel belongs to the current peer connection and closes with it.
    /// </summary>
    public event Action<RtcDataChannel>? DataChannelReceived;

    /// <summary>True when the session's data channel is open.</summary>
    public bool DataChannelOpen => _channel?.ReadyState == RtcDataChannelState.Open;

    /// <summary>
    /// Every message of the session's data channel from the first read of this property on, in order,
    /// as well as through the events; completed when the session is disposed. Read it steadily: messages
    /// wait here (unbounded) until read.
    /// </summary>
    public ChannelReader<RtcDataChannelMessage> Messages
    {
        get
        {
            if (Volatile.Read(ref _messages) is not { } messages)
            {
                Interlocked.CompareExchange(ref _messages, Channel.CreateUnbounded<RtcDataChannelMessage>(), null);
                messages = _messages!;
                if (Volatile.Read(ref _disposed) == 1)
                {
                    messages.Writer.TryComplete();
                }
            }

            return messages.Reader;
        }
    }

    /// <summary>Sends a text message on the data channel. Nothing is dropped silently: a text that cannot go out throws, saying why.</summary>
    /// <exception cref="InvalidOperationException">There is no open data channel (the message says why and what to do).</exception>
    /// <exception cref="ArgumentException">The text is larger than the channel's maximum message size.</exception>
    public void SendText(string text)
    {
        ArgumentNullException.ThrowIfNull(text);
        ChannelOrThrow().Send(text);
    }

    /// <summary>Sends a binary message on the data channel. Like <see cref="SendText"/>, a message that cannot go out throws, saying why.</summary>
    /// <exception cref="InvalidOperationException">There is no open data channel (the message says why and what to do).</exception>
    /// <exception cref="ArgumentException">The message is larger than the channel's maximum message size.</exception>
    public void SendBinary(byte[] data)
    {
        ArgumentNullException.ThrowIfNull(data);
        ChannelOrThrow().Send(data);
    }

    /// <summary>
    /// Sends a text message on the session's data channel, waiting until the channel is open (the peer
    /// may not have joined yet). Completes when the message is queued for SCTP, which delivers it
    /// reliably and in order.
    /// </summary>
    /// <exception cref="InvalidOperationException">The session has no data channel (<see cref="RtcFeatures.DataChannel"/> is off), or the channel closed as the message was queued.</exception>
    /// <exception cref="ArgumentException">The text is larger than the maximum message size the peer accepts.</exception>
    /// <exception cref="ObjectDisposedException">The session was disposed before the channel opened.</exception>
    /// <exception cref="OperationCanceledException"><paramref name="cancellationToken"/> fired first.</exception>
    public Task SendTextAsync(string text, CancellationToken cancellationToken = default)
    {
        ArgumentNullException.ThrowIfNull(text);
        return SendInOrderAsync(channel => channel.Send(text), cancellationToken);
    }

    /// <summary>Sends a binary message (copied at once) on the session's data channel; see <see cref="SendTextAsync"/>.</summary>
    /// <inheritdoc cref="SendTextAsync" path="/exception"/>
    public Task SendBinaryAsync(ReadOnlyMemory<byte> data, CancellationToken cancellationToken = default)
    {
        var copy = data.ToArray();
        return SendInOrderAsync(channel => channel.Send(copy), cancellationToken);
    }

    /// <summary>Sends after every earlier send of the session went out (or failed), once the channel is open.</summary>
    private Task SendInOrderAsync(Action<RtcDataChannel> send, CancellationToken cancellationToken)
    {
        lock (_sendOrder)
        {
            var sending = SendAfterAsync(_sendTail, send, cancellationToken);
            _sendTail = sending;
            return sending;
        }
    }

    private async Task SendAfterAsync(Task previous, Action<RtcDataChannel> send, CancellationToken cancellationToken)
    {
        // The earlier send's failure is its own caller's; this one only waits for its turn.
        await Task.WhenAny(previous, Task.Delay(Timeout.Infinite, cancellationToken)).ConfigureAwait(false);
        cancellationToken.ThrowIfCancellationRequested();
        var channel = await WaitForChannelAsync(cancellationToken).ConfigureAwait(false);
        send(channel);
    }

    /// <summary>
    /// Opens another data channel to the peer (RFC 8832 DCEP) once the session's own is open, and waits
    /// until the peer acknowledged it. It belongs to the current peer connection: when the peer is
    /// replaced it closes (<see cref="RtcDataChannel.Closed"/>); open it again then.
    /// </summary>
    /// <param name="label">The channel's name, what the peer's <see cref="DataChannelReceived"/> sees; not the session's own label.</param>
    /// <param name="init">Ordered/reliable settings (W3C <c>RTCDataChannelInit</c>); ordered and reliable when null.</param>
    /// <param name="cancellationToken">Stops waiting.</param>
    /// <exception cref="ArgumentException">The label is empty or the session's own.</exception>
    /// <exception cref="InvalidOperationException">The session has no data channel, or the channel closed before it opened.</exception>
    public async Task<RtcDataChannel> CreateDataChannelAsync(string label, RtcDataChannelInit? init = null, CancellationToken cancellationToken = default)
    {
        ArgumentException.ThrowIfNullOrEmpty(label);
        if (label == Options.DataChannelLabel)
        {
            throw new ArgumentException($"'{label}' is the session's own channel: send on it with SendTextAsync/SendBinaryAsync and read Messages.", nameof(label));
        }

        await WaitForChannelAsync(cancellationToken).ConfigureAwait(false);
        var pc = _pc ?? throw new InvalidOperationException("The peer connection closed as the channel was being opened: try again once DataChannelOpen is true.");
        var channel = pc.CreateDataChannel(label, init);
        var opened = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        channel.Opened += () => opened.TrySetResult();
        channel.Closed += () => opened.TrySetException(new InvalidOperationException(
            $"The data channel '{label}' closed before it opened (the peer connection was replaced or closed): open it again."));
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            opened.TrySetResult();
        }

        await opened.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        return channel;
    }

    private RtcDataChannel ChannelOrThrow() => _channel ?? throw new InvalidOperationException(Options.Features.DataChannel
        ? "There is no data channel yet (no peer connection is up): wait until DataChannelOpen is true before sending, or use SendTextAsync, which waits."
        : "This session has no data channel: turn on RtcFeatures.DataChannel to send.");

    private async Task<RtcDataChannel> WaitForChannelAsync(CancellationToken cancellationToken)
    {
        if (!Options.Features.DataChannel)
        {
            throw new InvalidOperationException("This session has no data channel: turn on RtcFeatures.DataChannel to send.");
        }

        while (true)
        {
            ObjectDisposedException.ThrowIf(Volatile.Read(ref _disposed) == 1, this);
            Task<RtcDataChannel> opened;
            lock (_channelLock)
            {
                if (_channel is { ReadyState: RtcDataChannelState.Open } open)
                {
                    return open;
                }

                if (_channelOpened.Task.IsCompletedSuccessfully)
                {
                    // It named a channel that closed or was replaced since: wait for the next one.
                    _channelOpened = new TaskCompletionSource<RtcDataChannel>(TaskCreationOptions.RunContinuationsAsynchronously);
                }

                opened = _channelOpened.Task;
            }

            await opened.WaitAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    private void OnRemoteDataChannel(PeerConnection pc, RtcDataChannel channel)
    {
        if (_pc != pc)
        {
            return;
        }

        if (channel.Label == Options.DataChannelLabel || _channel is null)
        {
            UseChannel(channel);
        }
        else
        {
            DataChannelReceived?.Invoke(channel);
        }
    }

    private void UseChannel(RtcDataChannel channel)
    {
        _channel = channel;
        channel.Opened += () => OnChannelOpened(channel);
        channel.MessageReceived += message =>
        {
            if (_channel != channel)
            {
                return;
            }

            _messages?.Writer.TryWrite(message);
            if (message.IsBinary)
            {
                BinaryReceived?.Invoke(message.Data);
            }
            else
            {
                TextReceived?.Invoke(message.Text);
            }
        };
        if (channel.ReadyState == RtcDataChannelState.Open)
        {
            OnChannelOpened(channel);
        }
    }

    private void OnChannelOpened(RtcDataChannel channel)
    {
        lock (_channelLock)
        {
            if (_channel == channel)
            {
                _channelOpened.TrySetResult(channel);
            }
        }
    }

    /// <summary>On dispose: senders still waiting for a channel fail, the message reader completes.</summary>
    private void EndDataChannelWaits()
    {
        lock (_channelLock)
        {
            _channelOpened.TrySetException(new ObjectDisposedException(GetType().Name, "The session was disposed before its data channel opened."));
        }

        _messages?.Writer.TryComplete();
    }
}
