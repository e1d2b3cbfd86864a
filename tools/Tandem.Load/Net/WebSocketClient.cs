using System.Buffers;
using System.Net.Sockets;

namespace Tandem.Load.Net;

/// <summary>
/// A minimal RFC 6455 client on a raw <see cref="Socket"/>: the opening handshake, one receive loop
/// that parses every frame a read brought (many per read) and hands text messages to an
/// <see cref="IWebSocketHandler"/> straight from its buffer, sends of pre-built frames (several
/// messages in one send), pings answered, the close handshake. No allocation per message.
/// </summary>
public sealed partial class WebSocketClient : IAsyncDisposable
{
    // RFC 6455 §5.5.1: "a normal closure".
    private const ushort NormalClosure = 1000;

    private readonly Socket _socket;
    private readonly IWebSocketHandler _handler;
    // One send at a time: the owner's data sends and the loop's pong/close replies share the socket.
    private readonly SemaphoreSlim _sendGate = new(1, 1);
    private readonly WebSocketFrameBuilder _replies = new(256);
    private Task _loop = Task.CompletedTask;
    private int _closeSent;
    private int _disposed;

    private WebSocketClient(Socket socket, IWebSocketHandler handler, byte[] buffer, int start, int end)
    {
        _socket = socket;
        _handler = handler;
        _buffer = buffer;
        _start = start;
        _end = end;
    }

    /// <summary>Completes when the receive loop has ended (close received, failure or dispose).</summary>
    public Task Completion => _loop;

    /// <summary>
    /// Connects to <paramref name="uri"/> (<c>ws://</c>) through <paramref name="connector"/>, runs the
    /// opening handshake and starts the receive loop with a buffer of <paramref name="receiveBuffer"/>
    /// bytes (it grows for larger frames). Throws <see cref="WebSocketConnectException"/> on failure.
    /// </summary>
    public static async Task<WebSocketClient> ConnectAsync(Uri uri, SocketConnector connector, IWebSocketHandler handler,
        int receiveBuffer, CancellationToken ct)
    {
        Socket socket;
        try
        {
            socket = await connector.ConnectAsync(uri.IdnHost, uri.Port, ct).ConfigureAwait(false);
        }
        catch (SocketException e)
        {
            throw new WebSocketConnectException($"cannot connect to {uri}: {e.Message}", e);
        }

        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(receiveBuffer, 512));
        try
        {
            var key = WebSocketHandshake.NewKey();
            await SendAllAsync(socket, WebSocketHandshake.Request(uri, key), ct).ConfigureAwait(false);
            var accept = WebSocketHandshake.ExpectedAccept(key);
            var length = 0;
            while (true)
            {
                if (length == buffer.Length)
                {
                    buffer = Grow(buffer, length, buffer.Length * 2);
                }

                var n = await socket.ReceiveAsync(buffer.AsMemory(length), SocketFlags.None, ct).ConfigureAwait(false);
                if (n == 0)
                {
                    throw new WebSocketConnectException($"{uri} closed the connection during the opening handshake");
                }

                length += n;
                switch (WebSocketHandshake.TryReadResponse(buffer.AsSpan(0, length), accept, out var consumed, out var error))
                {
                    case OperationStatus.Done:
                        var client = new WebSocketClient(socket, handler, buffer, consumed, length);
                        client._loop = Task.Run(client.ReceiveLoopAsync, CancellationToken.None);
                        return client;
                    case OperationStatus.InvalidData:
                        throw new WebSocketConnectException($"{uri}: {error}");
                    default:
                        break;
                }
            }
        }
        catch (Exception e)
        {
            ArrayPool<byte>.Shared.Return(buffer);
            socket.Dispose();
            if (e is SocketException)
            {
                throw new WebSocketConnectException($"{uri}: opening handshake failed: {e.Message}", e);
            }

            throw;
        }
    }

    /// <summary>Sends <paramref name="frames"/> (built by a <see cref="WebSocketFrameBuilder"/>) in one send.</summary>
    public async ValueTask SendAsync(ReadOnlyMemory<byte> frames, CancellationToken ct)
    {
        await _sendGate.WaitAsync(ct).ConfigureAwait(false);
        try
        {
            await SendAllAsync(_socket, frames, ct).ConfigureAwait(false);
        }
        finally
        {
            _sendGate.Release();
        }
    }

    /// <summary>Starts the close handshake (§7.1.2, status 1000) unless a close was already sent.</summary>
    public async ValueTask CloseAsync(CancellationToken ct)
    {
        if (Interlocked.Exchange(ref _closeSent, 1) == 0)
        {
            await SendControlAsync(WebSocketOpcode.Close, NormalClosure, ct).ConfigureAwait(false);
        }
    }

    /// <inheritdoc/>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) != 0)
        {
            return;
        }

        // Closing the socket ends a pending receive with an error the loop ignores once disposed.
        _socket.Dispose();
        await _loop.ConfigureAwait(ConfigureAwaitOptions.SuppressThrowing);
        _replies.Dispose();
        _sendGate.Dispose();
    }

    private static async ValueTask SendAllAsync(Socket socket, ReadOnlyMemory<byte> bytes, CancellationToken ct)
    {
        while (!bytes.IsEmpty)
        {
            var n = await socket.SendAsync(bytes, SocketFlags.None, ct).ConfigureAwait(false);
            bytes = bytes[n..];
        }
    }

    private static byte[] Grow(byte[] buffer, int keep, int size)
    {
        var bigger = ArrayPool<byte>.Shared.Rent(size);
        buffer.AsSpan(0, keep).CopyTo(bigger);
        ArrayPool<byte>.Shared.Return(buffer);
        return bigger;
    }

    private async ValueTask SendControlAsync(WebSocketOpcode opcode, ushort status, CancellationToken ct)
    {
        using var frame = new WebSocketFrameBuilder(16);
        frame.Append(opcode, [(byte)(status >> 8), (byte)status]);
        await SendAsync(frame.Frames, ct).ConfigureAwait(false);
    }
}
