using System.Net;
using System.Net.Sockets;

namespace Tandem.Load.Net;

/// <summary>
/// Opens TCP connections whose local addresses are taken round robin: one address has ~28k
/// ephemeral ports per destination, so several loopback sources (127.0.0.1-127.0.0.8) let one
/// process open more connections. Thread-safe.
/// </summary>
public sealed class SocketConnector
{
    // Linux <netinet/in.h>: IP_BIND_ADDRESS_NO_PORT. Binding with port 0 would reserve a port for
    // the address alone; with this option the port is chosen at connect() per 4-tuple instead.
    private const int IpBindAddressNoPort = 24;

    private readonly IReadOnlyList<IPAddress> _sources;
    private int _next = -1;

    /// <summary>Binds to <paramref name="sources"/> in turn.</summary>
    public SocketConnector(IReadOnlyList<IPAddress> sources)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        _sources = sources;
    }

    /// <summary>Connects to <paramref name="host"/>:<paramref name="port"/> from the next source address.</summary>
    public async Task<Socket> ConnectAsync(string host, int port, CancellationToken ct)
    {
        var source = _sources[(int)((uint)Interlocked.Increment(ref _next) % (uint)_sources.Count)];
        var address = IPAddress.TryParse(host, out var literal)
            ? literal
            : (await Dns.GetHostAddressesAsync(host, source.AddressFamily, ct).ConfigureAwait(false)).FirstOrDefault()
              ?? throw new WebSocketConnectException($"{host} has no {source.AddressFamily} address");
        var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
        try
        {
            if (OperatingSystem.IsLinux())
            {
                socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
            }

            socket.Bind(new IPEndPoint(source, 0));
            await socket.ConnectAsync(new IPEndPoint(address, port), ct).ConfigureAwait(false);
            return socket;
        }
        catch
        {
            socket.Dispose();
            throw;
        }
    }
}
