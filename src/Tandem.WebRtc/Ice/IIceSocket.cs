using System.Net;
using System.Security.Cryptography.X509Certificates;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// Receives one datagram. Both spans and <paramref name="remote"/> are reused by the receive loop:
/// valid only during the call.
/// </summary>
internal delegate void IceSocketReceiveHandler(IIceSocket socket, ReadOnlySpan<byte> datagram, SocketAddress remote);

/// <summary>
/// One bound UDP socket of the agent. The seam that keeps unit tests free of real sockets.
/// </summary>
internal interface IIceSocket : IDisposable
{
    /// <summary>The bound address and port.</summary>
    IPEndPoint LocalEndPoint { get; }

    /// <summary>SO_RCVBUF in force, as the kernel reports it (Linux doubles the asked size for bookkeeping, then caps it).</summary>
    int ReceiveBufferSize { get; }

    /// <summary>SO_SNDBUF in force, as the kernel reports it.</summary>
    int SendBufferSize { get; }

    /// <summary>Sends one datagram; best effort, never throws on network errors.</summary>
    void Send(ReadOnlySpan<byte> datagram, SocketAddress remote);

    /// <summary>Starts the single receive loop of the socket.</summary>
    void Start(IceSocketReceiveHandler handler);
}

/// <summary>Creates <see cref="IIceSocket"/>s and lists the machine's addresses.</summary>
internal interface IIceSocketFactory
{
    /// <summary>Addresses to gather host candidates on.</summary>
    IReadOnlyList<IPAddress> GetLocalAddresses(bool includeLoopback, bool includeIPv6);

    /// <summary>Binds a socket on <paramref name="address"/> with an OS-chosen port, asking for <paramref name="bufferSize"/> bytes of SO_RCVBUF and SO_SNDBUF (system default when null).</summary>
    IIceSocket Bind(IPAddress address, int? bufferSize);

    /// <summary>The link to a TURN server: UDP, or TCP/TLS checked against <paramref name="certificateAuthorities"/> (the system's roots when null).</summary>
    ITurnConnection ConnectTurn(TurnServer server, int? bufferSize, X509Certificate2Collection? certificateAuthorities) =>
        server.Transport == TurnTransport.Udp ? new TurnUdpConnection(server, bufferSize) : new TurnStreamConnection(server, certificateAuthorities);
}
