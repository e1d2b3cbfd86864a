using System.Net;
using System.Net.Sockets;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>
/// A UDP socket on 127.0.0.1 as an <see cref="IDatagramTransport"/>, talking to one peer: either given,
/// or learned from the first datagram received (like a server).
/// </summary>
internal sealed class LoopbackUdpTransport : IDatagramTransport, IDisposable
{
    private readonly Socket _socket = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);
    private readonly CancellationTokenSource _stop = new();
    private EndPoint? _remote;
    private DatagramHandler? _received;
    private int _started;

    public LoopbackUdpTransport(IPEndPoint? remote = null)
    {
        _remote = remote;
        _socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
    }

    public int LocalPort => ((IPEndPoint)_socket.LocalEndPoint!).Port;

    public event DatagramHandler? Received
    {
        add
        {
            _received += value;
            if (Interlocked.Exchange(ref _started, 1) == 0)
            {
                _ = Task.Run(ReceiveLoopAsync);
            }
        }

        remove => _received -= value;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        EndPoint? remote = Volatile.Read(ref _remote);
        if (remote is not null && !_stop.IsCancellationRequested)
        {
            await _socket.SendToAsync(datagram, SocketFlags.None, remote, cancellationToken);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        _socket.Dispose();
    }

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await _socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            Interlocked.CompareExchange(ref _remote, result.RemoteEndPoint, null);
            _received?.Invoke(buffer.AsSpan(0, result.ReceivedBytes));
        }
    }
}
