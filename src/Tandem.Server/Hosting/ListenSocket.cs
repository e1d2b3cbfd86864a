using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;

namespace Tandem.Server.Hosting;

/// <summary>
/// The server's listening socket, bound while the host is built rather than when Kestrel starts, so that
/// an address in use (or not permitted) is one <see cref="CannotListenException"/> with what to do, not
/// the host's start-up failure with its stack trace. Kestrel takes the bound socket through
/// <see cref="SocketTransportOptions.CreateBoundListenSocket"/> and owns it from then on.
/// </summary>
internal sealed class ListenSocket : IDisposable
{
    private Socket? _socket;

    private ListenSocket(IPEndPoint endPoint, Socket socket)
    {
        EndPoint = endPoint;
        _socket = socket;
    }

    /// <summary>The address and port bound.</summary>
    public IPEndPoint EndPoint { get; }

    /// <summary>Binds <paramref name="endPoint"/> as Kestrel would (dual-stack for <c>::</c>).</summary>
    public static ListenSocket Bind(IPEndPoint endPoint)
    {
        try
        {
            return new ListenSocket(endPoint, SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint));
        }
        catch (SocketException e)
        {
            throw new CannotListenException(endPoint, e);
        }
    }

    /// <summary>For Kestrel: the bound socket for our endpoint (once), any other endpoint bound as Kestrel would.</summary>
    public Socket Take(EndPoint endPoint) =>
        EndPoint.Equals(endPoint) && Interlocked.Exchange(ref _socket, null) is { } socket
            ? socket
            : SocketTransportOptions.CreateDefaultBoundListenSocket(endPoint);

    /// <summary>Closes the socket if Kestrel never took it (a host built but not started).</summary>
    public void Dispose() => Interlocked.Exchange(ref _socket, null)?.Dispose();
}

/// <summary>The listening socket could not be bound; the message is one line saying why and what to do.</summary>
public sealed class CannotListenException : Exception
{
    /// <summary>Creates the exception for <paramref name="endPoint"/> from the bind error.</summary>
    public CannotListenException(IPEndPoint endPoint, SocketException error)
        : base(Describe(endPoint, error), error)
    {
        ArgumentNullException.ThrowIfNull(endPoint);
        EndPoint = endPoint;
    }

    /// <summary>The address and port that could not be bound.</summary>
    public IPEndPoint EndPoint { get; }

    private static string Describe(IPEndPoint endPoint, SocketException error) => error.SocketErrorCode switch
    {
        SocketError.AddressAlreadyInUse =>
            $"cannot listen on {endPoint}: the port is already in use by another process (ss -ltnp 'sport = :{endPoint.Port}' shows which); stop it or choose another port with --Signaling:Port=N",
        SocketError.AccessDenied =>
            $"cannot listen on {endPoint}: permission denied (ports below 1024 need root or CAP_NET_BIND_SERVICE); choose a port from 1024 up with --Signaling:Port=N, or grant the capability",
        SocketError.AddressNotAvailable =>
            $"cannot listen on {endPoint}: {endPoint.Address} is not an address of this machine (ip address lists them); set --Signaling:ListenAddress to one of them, or 0.0.0.0 for all",
        _ => $"cannot listen on {endPoint}: {error.Message}; check --Signaling:ListenAddress and --Signaling:Port",
    };
}
