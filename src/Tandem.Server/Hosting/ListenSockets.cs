using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Tandem.Server.Hosting;

/// <summary>
/// The server's listening sockets (the plain port, the TLS port, or both), bound while the host is built
/// rather than when Kestrel starts, so that an address in use (or not permitted) is one
/// <see cref="CannotListenException"/> with what to do, not the host's start-up failure with its stack
/// trace. Kestrel takes each bound socket through <see cref="SocketTransportOptions.CreateBoundListenSocket"/>
/// and owns it from then on.
/// </summary>
internal sealed class ListenSockets : IDisposable
{
    // Kestrel takes the sockets on its start-up thread while Dispose may run on another: the lock keeps
    // each socket owned by exactly one of them.
    private readonly Lock _lock = new();
    private readonly Dictionary<IPEndPoint, Socket> _sockets;

    private ListenSockets(Dictionary<IPEndPoint, Socket> sockets) => _sockets = sockets;

    /// <summary>
    /// Binds each of <paramref name="endPoints"/> as Kestrel would (dual-stack for <c>::</c>); all or none.
    /// <c>PortKey</c> names the setting of each port, for the error message.
    /// </summary>
    public static ListenSockets Bind(IEnumerable<(IPEndPoint EndPoint, string PortKey)> endPoints)
    {
        var sockets = new Dictionary<IPEndPoint, Socket>();
        foreach (var (endPoint, portKey) in endPoints)
        {
            try
            {
                sockets.Add(endPoint, SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint));
            }
            catch (SocketException e)
            {
                foreach (var bound in sockets.Values)
                {
                    bound.Dispose();
                }

                throw new CannotListenException(endPoint, e, portKey);
            }
        }

        return new ListenSockets(sockets);
    }

    /// <summary>For Kestrel: the bound socket for one of our endpoints (once), any other endpoint bound as Kestrel would.</summary>
    public Socket Take(EndPoint endPoint)
    {
        lock (_lock)
        {
            if (endPoint is IPEndPoint ip && _sockets.Remove(ip, out var socket))
            {
                return socket;
            }
        }

        return SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);
    }

    /// <summary>Closes the sockets Kestrel never took (a host built but not started).</summary>
    public void Dispose()
    {
        lock (_lock)
        {
            foreach (var socket in _sockets.Values)
            {
                socket.Dispose();
            }

            _sockets.Clear();
        }
    }
}

/// <summary>The listening socket could not be bound; the message is one line saying why and what to do.</summary>
public sealed class CannotListenException : Exception
{
    /// <summary>Creates the exception for <paramref name="endPoint"/> from the bind error; <paramref name="portKey"/> is the setting of its port.</summary>
    public CannotListenException(IPEndPoint endPoint, SocketException error, string portKey = "Signaling:Port")
        : base(Describe(endPoint, error, portKey), error)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        EndPoint = endPoint;
    }

    /// <summary>The address and port that could not be bound.</summary>
    public IPEndPoint EndPoint { get; }

    private static string Describe(IPEndPoint endPoint, SocketException error, string portKey) => error.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse =>
            $"cannot listen on {endPoint}: the port is already in use by another process (ss -ltnp 'sport = :{endPoint.Port}' shows which); stop it or choose another port with --{portKey}=N",
        SocketError.AccessDenied =>
            $"cannot listen on {endPoint}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); choose a port from 1024 up with --{portKey}=N, or grant the capability",
        SocketError.AddressNotAvailable =>
            $"cannot listen on {endPoint}: {endPoint.Address} is not an address of this machine (ip address lists them); set --Signaling:ListenAddress to one of them, or 0.0.0.0 for all",
        _ => $"cannot listen on {endPoint}: {error.Message}; check --Signaling:ListenAddress and --{portKey}",
    };
}
