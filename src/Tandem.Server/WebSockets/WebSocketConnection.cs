using System.Buffers;
using System.Net.WebSockets;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;

namespace Tandem.Server.WebSockets;

/// <summary>
/// One client socket: a receive loop that hands complete messages to the hub, and an outbound queue
/// drained by one writer at a time, so a slow receiver never blocks a sender (requirements §1(1)).
/// </summary>
internal sealed partial class WebSocketConnection : ISignalingConnection
{
    private const int InitialBufferSize = 4096;

    // Small: a connection that goes idle right after a burst keeps this buffer in its pending read.
    private const int StreamingBufferSize = 1024;
    private static readonly TimeSpan CloseHandshakeTimeout = TimeSpan.FromSeconds(5);

    private readonly WebSocket _socket;
    private readonly SignalingHub _hub;
    private readonly Queue<OutboundMessage> _outbox = new();
    private readonly TaskCompletionSource _writerDone = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly CancellationTokenSource _receiveCancel = new();
    private SignalingClient? _client;
    private int _closeCode;
    private string _closeReason = "";
    private bool _closedByClient;

    public WebSocketConnection(WebSocket socket, SignalingHub hub)
    {
        _socket = socket;
        _hub = hub;
    }

    private SignalingClient Client => _client!;

    /// <summary>Registers with the hub and runs both loops until the socket is gone.</summary>
    public async Task RunAsync(string remoteAddress, CancellationToken aborted)
    {
        _hub.Connect(remoteAddress, client =>
        {
            _client = client;
            return this;
        });
        // One source for both reasons to stop receiving (cheaper per connection than a linked source).
        // Cancelling it aborts the socket wherever the loops are: in a receive, or in a send to a peer
        // that stopped reading, which nothing else would end.
        var abortedRegistration = aborted.UnsafeRegister(static source => ((CancellationTokenSource)source!).Cancel(), _receiveCancel);
        _receiveCancel.Token.UnsafeRegister(static socket => ((WebSocket)socket!).Abort(), _socket);
        var reason = "socket closed";
        var failed = false;
        try
        {
            if (!Client.IsClosed)
            {
                reason = await ReceiveLoopAsync(_receiveCancel.Token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            reason = _closeCode != 0 ? $"closed by server ({_closeCode} {_closeReason})" : "aborted";
        }
        catch (WebSocketException e)
        {
            reason = "socket error: " + e.Message;
            failed = true;
        }
        finally
        {
            // The hub first: until it knows, it may still queue messages for this connection, which
            // go out before the close frame (RFC 6455 §5.5.1: data may follow the client's Close
            // until ours) instead of being dropped.
            _hub.Disconnected(Client, reason);
            if (_closedByClient)
            {
                Close((int)WebSocketCloseStatus.NormalClosure, "");
            }

            Complete();
            await _writerDone.Task.ConfigureAwait(false);

            // Unregistered first (waiting for a running callback), so that it never cancels a disposed source.
            abortedRegistration.Dispose();
            _receiveCancel.Dispose();
            if (failed)
            {
                await LingerAsync(aborted).ConfigureAwait(false);
            }
        }
    }

    private async Task<string> ReceiveLoopAsync(CancellationToken cancel)
    {
        var max = _hub.Options.MaxMessageBytes;
        byte[]? buffer = null;
        var count = 0;
        var discarding = false;
        var atMessageStart = true;
        var waited = true;
        try
        {
            while (true)
            {
                // Between messages, an idle connection waits with a zero-byte read and holds no receive
                // buffer. A client sending back to back (its message was already there when asked for)
                // is read straight into a small buffer: one read per message instead of two.
                if (buffer is null && !waited)
                {
                    buffer = ArrayPool<byte>.Shared.Rent(Math.Min(StreamingBufferSize, max + 1));
                }

                // Never more than one byte past the limit: a receive returns only once its buffer is full
                // (or the frame ends), so a larger one would wait for bytes a client that announced a
                // huge frame need never send, with R3's limit already passed.
                var pending = buffer is null
                    ? _socket.ReceiveAsync(Memory<byte>.Empty, cancel)
                    : _socket.ReceiveAsync(buffer.AsMemory(count, Math.Min(buffer.Length, max + 1) - count), cancel);
                if (atMessageStart)
                {
                    waited = !pending.IsCompleted;
                    atMessageStart = false;
                }

                var result = await pending.ConfigureAwait(false);
                if (result.MessageType == WebSocketMessageType.Close)
                {
                    _closedByClient = true;
                    return $"closed by client ({(int?)_socket.CloseStatus} {ClientText.Quote(_socket.CloseStatusDescription ?? "")})";
                }

                count += result.Count;
                if (discarding || count > max)
                {
                    if (!discarding)
                    {
                        _hub.ReceiveTooLarge(Client);
                        discarding = true;
                    }

                    // Keep reading (into a buffer: a zero-byte read consumes nothing) until the close arrives.
                    count = 0;
                    buffer ??= ArrayPool<byte>.Shared.Rent(InitialBufferSize);
                    continue;
                }

                if (!result.EndOfMessage)
                {
                    buffer = buffer is null ? ArrayPool<byte>.Shared.Rent(Math.Min(InitialBufferSize, max + 1)) : EnsureRoom(buffer, count, max + 1);
                    continue;
                }

                ReadOnlySpan<byte> message = buffer is null ? default : buffer.AsSpan(0, count);
                if (result.MessageType == WebSocketMessageType.Text)
                {
                    ReceiveAndFlush(message);
                }
                else
                {
                    _hub.ReceiveBinary(Client, count);
                }

                count = 0;
                atMessageStart = true;
                if (waited || buffer?.Length > StreamingBufferSize)
                {
                    Return(ref buffer);
                }
            }
        }
        finally
        {
            Return(ref buffer);
        }
    }

    /// <summary>
    /// The socket failed the connection, possibly with a close frame of its own (e.g. 1007 for a text
    /// frame that is not UTF-8, R2) still in Kestrel's output. Returning now would let Kestrel tear the
    /// connection down before that frame is sent, so wait until the client closes its side (it does
    /// once it has the close frame, RFC 6455 §7.1.1) or the close handshake's grace runs out.
    /// </summary>
    private static async Task LingerAsync(CancellationToken clientGone)
    {
        try
        {
            await Task.Delay(CloseHandshakeTimeout, clientGone).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // The client closed the connection: the close frame, if any, reached it.
        }
    }

    private static void Return(ref byte[]? buffer)
    {
        if (buffer is not null)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            buffer = null;
        }
    }

    private static byte[] EnsureRoom(byte[] buffer, int used, int limit)
    {
        if (used < buffer.Length)
        {
            return buffer;
        }

        var larger = ArrayPool<byte>.Shared.Rent(Math.Min(buffer.Length * 2, limit));
        buffer.AsSpan(0, used).CopyTo(larger);
        ArrayPool<byte>.Shared.Return(buffer);
        return larger;
    }
}
