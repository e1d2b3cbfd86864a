using System.Net;
using System.Net.Sockets;

namespace Tandem.Cli.Net;

/// <summary>
/// An HTTP handler for <see cref="System.Net.WebSockets.ClientWebSocket"/> whose sockets bind to
/// local addresses taken round robin: one address has ~28k ephemeral ports per destination, so
/// several loopback sources (127.0.0.1-127.0.0.8) let one process open more connections.
/// </summary>
public static class BoundSocketsHandler
{
    // Linux <netinet/in.h>: IP_BIND_ADDRESS_NO_PORT. Binding with port 0 would reserve a port for
    // the address alone; with this option the port is chosen at connect() per 4-tuple instead.
    private const int IpBindAddressNoPort = 24;

    /// <summary>Creates the handler; dispose it after the last connection is closed.</summary>
    public static SocketsHttpHandler Create(IReadOnlyList<IPAddress> sources)
    {
        ArgumentOutOfRangeException.ThrowIfZero(sources.Count);
        var next = -1;
        return new SocketsHttpHandler
        {
            UseProxy = false,
            UseCookies = false,
            ConnectTimeout = TimeSpan.FromSeconds(30),
            ConnectCallback = async (context, ct) =>
            {
                var source = sources[(int)((uint)Interlocked.Increment(ref next) % (uint)sources.Count)];
                var socket = new Socket(source.AddressFamily, SocketType.Stream, ProtocolType.Tcp) { NoDelay = true };
                try
                {
                    if (OperatingSystem.IsLinux())
                    {
                        socket.SetRawSocketOption((int)SocketOptionLevel.IP, IpBindAddressNoPort, BitConverter.GetBytes(1));
                    }

                    socket.Bind(new IPEndPoint(source, 0));
                    await socket.ConnectAsync(context.DnsEndPoint, ct).ConfigureAwait(false);
                    return new NetworkStream(socket, ownsSocket: true);
                }
                catch
                {
                    socket.Dispose();
                    throw;
                }
            },
        };
    }
}
