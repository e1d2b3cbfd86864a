using System.Net.WebSockets;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.WebSockets;

// The outbound side. The hub queues under its lock (Send, Close): queuing fixes the order and does no
// I/O. Sending is done by one drainer at a time per connection (_draining): when a receive loop's
// message queued something, that loop drains it right after the hub released its lock, on its own
// thread, as far as the sends complete synchronously (Kestrel's output pipe takes them at once unless
// the receiver is slow); what does not complete continues on the thread pool. Anything queued outside
// a receive loop (timers, shutdown) is drained from the thread pool.
internal sealed partial class WebSocketConnection
{
    // The connections a receive loop's message queued for, to drain once the hub returned.
    [ThreadStatic]
    private static List<WebSocketConnection>? _toDrain;

    [ThreadStatic]
    private static bool _inReceive;

    private bool _draining;
    private bool _completed;
    private bool _broken;

    /// <inheritdoc />
    public void Send(OutboundMessage message)
    {
        bool accepted, start = false;
        lock (_outbox)
        {
            accepted = !_completed;
            if (accepted)
            {
                _outbox.Enqueue(message);
                start = StartDraining();
            }
        }

        if (!accepted)
        {
            _hub.Discarded(Client, message);
            message.Release();
        }
        else if (start)
        {
            ScheduleDrain();
        }
    }

    /// <inheritdoc />
    public void Close(int closeCode, string reason)
    {
        if (Interlocked.CompareExchange(ref _closeCode, closeCode, 0) == 0)
        {
            _closeReason = reason;
            Complete();

            // What is queued, the close frame and the peer's answer get a few seconds in all: a peer
            // that does not read would otherwise hold its socket, and the messages queued for it,
            // until keepalive gives up on it (R4), if ever (after its own close frame, never).
            CancelReceiveAfterGrace();
        }
    }

    /// <inheritdoc />
    public void DropQueued()
    {
        List<OutboundMessage> dropped;
        lock (_outbox)
        {
            dropped = [.. _outbox];
            _outbox.Clear();
        }

        foreach (var message in dropped)
        {
            _hub.Discarded(Client, message);
            message.Release();
        }
    }

    /// <summary>Hands a message to the hub, then drains the connections it queued for (this one included).</summary>
    private void ReceiveAndFlush(ReadOnlySpan<byte> message)
    {
        _inReceive = true;
        try
        {
            _hub.Receive(Client, message);
        }
        finally
        {
            _inReceive = false;
            if (_toDrain is { Count: > 0 } list)
            {
                foreach (var connection in list)
                {
                    _ = connection.DrainAsync();
                }

                list.Clear();
            }
        }
    }

    /// <summary>No more messages: what is queued is sent, then the close frame if the hub asked for one.</summary>
    private void Complete()
    {
        lock (_outbox)
        {
            if (_completed)
            {
                return;
            }

            _completed = true;
            if (!StartDraining())
            {
                return;
            }
        }

        ScheduleDrain();
    }

    /// <summary>Under the queue's lock: true when the caller became the drainer and must start it.</summary>
    private bool StartDraining()
    {
        if (_draining)
        {
            return false;
        }

        _draining = true;
        return true;
    }

    private void ScheduleDrain()
    {
        if (_inReceive)
        {
            (_toDrain ??= []).Add(this);
        }
        else
        {
            ThreadPool.UnsafeQueueUserWorkItem(static connection => _ = connection.DrainAsync(), this, preferLocal: false);
        }
    }

    /// <summary>
    /// Sends queued messages in order until the queue is empty. Once completed, the last drain sends
    /// the close frame if the hub closed the connection; the peer then has a few seconds to answer it.
    /// </summary>
    private async Task DrainAsync()
    {
        while (true)
        {
            OutboundMessage message;
            lock (_outbox)
            {
                if (!_outbox.TryDequeue(out message))
                {
                    _draining = false;
                    if (!_completed)
                    {
                        return;
                    }

                    break;
                }
            }

            await SendOneAsync(message).ConfigureAwait(false);
        }

        if (_closeCode != 0 && !_broken)
        {
            await SendCloseAsync().ConfigureAwait(false);
        }

        _writerDone.TrySetResult();
    }

    private async Task SendOneAsync(OutboundMessage message)
    {
        try
        {
            // After the client's Close (CloseReceived) what is queued still goes out, before ours.
            if (!_broken && _socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.SendAsync(message.Memory, WebSocketMessageType.Text, endOfMessage: true, CancellationToken.None).ConfigureAwait(false);
                _hub.Delivered(Client, message);
            }
            else
            {
                _hub.Discarded(Client, message);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            _broken = true;
            _hub.Discarded(Client, message);
        }
        finally
        {
            message.Release();
        }
    }

    private async Task SendCloseAsync()
    {
        try
        {
            if (_socket.State is WebSocketState.Open or WebSocketState.CloseReceived)
            {
                await _socket.CloseOutputAsync((WebSocketCloseStatus)_closeCode, _closeReason, CancellationToken.None).ConfigureAwait(false);
            }
        }
        catch (Exception e) when (e is WebSocketException or OperationCanceledException or ObjectDisposedException or IOException)
        {
            // The socket is already gone; the receive loop ends on its own.
        }
    }

    /// <summary>Aborts the socket (see RunAsync) unless the connection ended within the close handshake's grace.</summary>
    private void CancelReceiveAfterGrace()
    {
        try
        {
            _receiveCancel.CancelAfter(CloseHandshakeTimeout);
        }
        catch (ObjectDisposedException)
        {
            // The receive loop already ended.
        }
    }
}
