using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// A real UDP socket with one receive loop: one pooled buffer and one reused
/// <see cref="SocketAddress"/> for the socket's lifetime, so receiving allocates nothing per datagram.
/// </summary>
internal sealed class UdpIceSocket : IIceSocket
{
    private const int BufferSize = 65536;
    private readonly Socket _socket;
    private readonly CancellationTokenSource _stop = new();
    private byte[]? _buffer;

    public UdpIceSocket(IPAddress address, int? bufferSize)
    {
        _socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        if (address.AddressFamily == AddressFamily.InterNetworkV6)
        {
            _socket.DualMode = false;
        }

        if (bufferSize is { } size)
        {
            // Video bursts and data channel windows overflow the default buffers; the kernel caps the
            // request at net.core.rmem_max / wmem_max without an error, so the size in force is read back.
            _socket.ReceiveBufferSize = size;
            _socket.SendBufferSize = size;
        }

        _socket.Bind(new IPEndPoint(address, 0));
        LocalEndPoint = (IPEndPoint)_socket.LocalEndPoint!;
        ReceiveBufferSize = _socket.ReceiveBufferSize;
        SendBufferSize = _socket.SendBufferSize;
    }

    public IPEndPoint LocalEndPoint { get; }

    public int ReceiveBufferSize { get; }

    public int SendBufferSize { get; }

    public void Send(ReadOnlySpan<byte> datagram, SocketAddress remote)
    {
        try
        {
            _socket.SendTo(datagram, SocketFlags.None, remote);
        }
        catch (SocketException)
        {
            // UDP is best effort: unreachable networks and full buffers are loss, not errors.
        }
        catch (ObjectDisposedException)
        {
            // Closed while a sender raced the close: drop.
        }
    }

    public void Start(IceSocketReceiveHandler handler)
    {
        _buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        // The token is taken now: Dispose may dispose its source before the loop first runs.
        var token = _stop.Token;
        _ = Task.Run(() => ReceiveLoopAsync(handler, _buffer, token));
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
        _stop.Dispose();
    }

    private async Task ReceiveLoopAsync(IceSocketReceiveHandler handler, byte[] buffer, CancellationToken token)
    {
        var remote = new SocketAddress(_socket.AddressFamily);
        try
        {
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    // No cancellation token here: registering one costs an allocation per pending
                    // receive. Dispose closes the socket, which ends the pending receive instead.
                    received = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, remote).ConfigureAwait(false);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize)
                {
                    // ICMP port unreachable reported on an unconnected socket, or an oversized datagram: skip it.
                    continue;
                }

                try
                {
                    handler(this, buffer.AsSpan(0, received), remote);
                }
                catch (Exception)
                {
                    // A fault in an upper layer's handler must not stop the only receive loop of the socket.
                }
            }
        }
        catch (OperationCanceledException)
        {
        }
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
