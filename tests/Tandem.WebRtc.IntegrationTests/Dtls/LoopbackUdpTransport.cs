using System.Net;
using System.Net.Sockets;
using Tandem.WebRtc.Transports;

namespace Tandem.WebRtc.IntegrationTests.Dtls;

/// <summary>
/// A UDP socket (127.0.0.1 unless told otherwise) as an <see cref="IDatagramTransport"/>, talking to
/// one peer: either given, or learned from the first datagram received (like a server). A subclass may
/// take datagrams for itself before they go up (<see cref="TryHandle"/>).
/// </summary>
internal class LoopbackUdpTransport : IDatagramTransport, IDisposable
{
    private readonly CancellationTokenSource _stop = new();
    private EndPoint? _remote;
    private DatagramHandler? _received;
    private int _started;

    public LoopbackUdpTransport(IPEndPoint? remote = null, IPAddress? address = null)
    {
        _remote = remote;
        Socket.Bind(new IPEndPoint(address ?? IPAddress.Loopback, 0));
    }

    public int LocalPort => LocalEndPoint.Port;

    public IPEndPoint LocalEndPoint => (IPEndPoint)Socket.LocalEndPoint!;

    protected Socket Socket { get; } = new(AddressFamily.InterNetwork, SocketType.Dgram, ProtocolType.Udp);

    public event DatagramHandler? Received
    {
        add
        {
            _received += value;
            Start();
        }

        remove => _received -= value;
    }

    public async ValueTask SendAsync(ReadOnlyMemory<byte> datagram, CancellationToken cancellationToken = default)
    {
        EndPoint? remote = Volatile.Read(ref _remote);
        if (remote is not null && !_stop.IsCancellationRequested)
        {
            await Socket.SendToAsync(datagram, SocketFlags.None, remote, cancellationToken);
        }
    }

    public void Dispose()
    {
        _stop.Cancel();
        Socket.Dispose();
    }

    /// <summary>Starts receiving (once; subscribing to <see cref="Received"/> does it too).</summary>
    protected void Start()
    {
        if (Interlocked.Exchange(ref _started, 1) == 0)
        {
            _ = Task.Run(ReceiveLoopAsync);
        }
    }

    /// <summary>Sends from now on to <paramref name="remote"/>.</summary>
    protected void SetRemote(EndPoint remote) => Volatile.Write(ref _remote, remote);

    /// <summary>True when the datagram was dealt with here and must not go up.</summary>
    protected virtual ValueTask<bool> TryHandle(ReadOnlyMemory<byte> datagram, IPEndPoint from) => ValueTask.FromResult(false);

    private async Task ReceiveLoopAsync()
    {
        byte[] buffer = new byte[65536];
        EndPoint any = new IPEndPoint(IPAddress.Any, 0);
        while (!_stop.IsCancellationRequested)
        {
            SocketReceiveFromResult result;
            try
            {
                result = await Socket.ReceiveFromAsync(buffer, SocketFlags.None, any, _stop.Token);
            }
            catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
            {
                return;
            }

            var datagram = buffer.AsMemory(0, result.ReceivedBytes);
            if (await TryHandle(datagram, (IPEndPoint)result.RemoteEndPoint))
            {
                continue;
            }

            Interlocked.CompareExchange(ref _remote, result.RemoteEndPoint, null);
            _received?.Invoke(datagram.Span);
        }
    }
}
