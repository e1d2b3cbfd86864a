using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// A real UDP socket with one receive thread: one pooled buffer and one reused
/// <see cref="SocketAddress"/> for the socket's lifetime, so receiving allocates nothing per datagram.
/// </summary>
internal sealed class UdpIceSocket : IIceSocket
{
    private const int BufferSize = 65536;

    // How often a receive blocked on a silent socket wakes to look at the stop token (a safety net: closing
    // the socket already wakes it).
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(500);
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
        // A blocking receive on a thread of its own: a datagram costs one recvmsg and nothing else.
        // The async receive parked in epoll whenever the socket was drained (most datagrams at a few
        // thousand per second), so each one cost an epoll wake-up, a thread-pool hand-off and a worker
        // spinning idle afterwards: half the CPU of a 1 KiB Chromium -> C# data-channel transfer (perf).
        // The token is taken now: Dispose may dispose its source before the thread first runs.
        var token = _stop.Token;
        byte[] buffer = _buffer;
        var thread = new Thread(() => ReceiveLoop(handler, buffer, token))
        {
            IsBackground = true,
            Name = $"ice-udp {LocalEndPoint.Port}",
        };
        thread.Start();
    }

    public void Dispose()
    {
        _stop.Cancel();
        // Closing the socket wakes a thread blocked in its receive (SocketError.OperationAborted/Interrupted);
        // ReceiveTimeout bounds the wait should a platform not wake it.
        _socket.Dispose();
        _stop.Dispose();
    }

    private void ReceiveLoop(IceSocketReceiveHandler handler, byte[] buffer, CancellationToken token)
    {
        var remote = new SocketAddress(_socket.AddressFamily);
        try
        {
            _socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = _socket.ReceiveFrom(buffer, SocketFlags.None, remote);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionReset or SocketError.MessageSize or SocketError.TimedOut or SocketError.WouldBlock)
                {
                    // ICMP port unreachable reported on an unconnected socket, an oversized datagram, or
                    // the periodic wake-up to look at the stop token: nothing to deliver.
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
        catch (ObjectDisposedException)
        {
        }
        catch (SocketException)
        {
            // Closed under the receive (OperationAborted, Interrupted, Shutdown): the socket is gone.
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
