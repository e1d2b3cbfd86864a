using System.Buffers;
using System.Net;
using System.Net.Sockets;

namespace Tandem.WebRtc.Turn;

/// <summary>
/// UDP to a TURN server: one connected socket (so only the server's datagrams arrive) and one
/// receive thread with one pooled buffer, as the ICE sockets have.
/// </summary>
internal sealed class TurnUdpConnection(TurnServer server, int? bufferSize) : ITurnConnection
{
    private const int BufferSize = 65536;
    private static readonly TimeSpan StopCheckInterval = TimeSpan.FromMilliseconds(500);
    private readonly CancellationTokenSource _stop = new();
    private Socket? _socket;

    public bool IsStream => false;

    public IPEndPoint? LocalEndPoint { get; private set; }

    public int ReceiveBufferSize { get; private set; }

    public int SendBufferSize { get; private set; }

    public async Task ConnectAsync(TurnFrameHandler onFrame, Action<string> onClosed, CancellationToken cancellationToken)
    {
        var address = await TurnAddressResolver.ResolveAsync(server, cancellationToken).ConfigureAwait(false);
        var socket = new Socket(address.AddressFamily, SocketType.Dgram, ProtocolType.Udp);
        try
        {
            if (bufferSize is { } size)
            {
                // Relayed media arrives in the same bursts as on a host socket (see IceSettings.SocketBufferSize).
                socket.ReceiveBufferSize = size;
                socket.SendBufferSize = size;
            }

            socket.Connect(new IPEndPoint(address, server.Port));
        }
        catch (SocketException e)
        {
            socket.Dispose();
            throw new TurnConnectException($"{server.Url}: cannot send to {address}:{server.Port} ({e.SocketErrorCode}): check the address and the route to it", e);
        }

        _socket = socket;
        LocalEndPoint = (IPEndPoint)socket.LocalEndPoint!;
        ReceiveBufferSize = socket.ReceiveBufferSize;
        SendBufferSize = socket.SendBufferSize;
        var token = _stop.Token;
        var thread = new Thread(() => ReceiveLoop(socket, onFrame, onClosed, token))
        {
            IsBackground = true,
            Name = $"turn-udp {LocalEndPoint.Port}",
        };
        thread.Start();
    }

    public void Send(ReadOnlySpan<byte> frame)
    {
        try
        {
            _socket?.Send(frame);
        }
        catch (SocketException)
        {
            // UDP is best effort: an ICMP error or a full buffer is loss; the transaction retransmits.
        }
        catch (ObjectDisposedException)
        {
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket?.Dispose();
        _stop.Dispose();
    }

    private static void ReceiveLoop(Socket socket, TurnFrameHandler onFrame, Action<string> onClosed, CancellationToken token)
    {
        var buffer = ArrayPool<byte>.Shared.Rent(BufferSize);
        try
        {
            socket.ReceiveTimeout = (int)StopCheckInterval.TotalMilliseconds;
            while (!token.IsCancellationRequested)
            {
                int received;
                try
                {
                    received = socket.Receive(buffer);
                }
                catch (SocketException e) when (e.SocketErrorCode is SocketError.ConnectionRefused or SocketError.ConnectionReset
                    or SocketError.MessageSize or SocketError.TimedOut or SocketError.WouldBlock)
                {
                    // ICMP port unreachable (nothing listens yet, or any more), an oversized datagram, or the
                    // wake-up to look at the stop token: the transactions time out if the server stays silent.
                    continue;
                }

                try
                {
                    onFrame(buffer.AsSpan(0, received));
                }
                catch (Exception)
                {
                    // A fault in an upper layer must not stop the only receive loop of the socket.
                }
            }
        }
        catch (Exception e) when (e is ObjectDisposedException or SocketException)
        {
            if (!token.IsCancellationRequested)
            {
                onClosed("the UDP socket closed: " + e.Message);
            }
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }
}
