using System.Net;
using Tandem.WebRtc.Turn;

namespace Tandem.WebRtc.Ice;

/// <summary>Configuration of an <see cref="IceAgent"/>: what the connection decides (role, credentials, addresses, servers) and the <see cref="IceSettings"/> it was given.</summary>
internal sealed record IceAgentOptions
{
    /// <summary>Initial role: the offerer is controlling (RFC 8445 §6.1.1).</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;

    /// <summary>Local credentials; generated when null.</summary>
    public IceCredentials? LocalCredentials { get; init; }

    /// <summary>
    /// Gather host candidates only on these addresses (port chosen by the OS). When null, every
    /// up, non-loopback interface address is used (IPv4 and IPv6, link-local excluded), or loopback
    /// when the machine has no other (logged once as a warning).
    /// </summary>
    public IReadOnlyList<IPAddress>? LocalAddresses { get; init; }

    /// <summary>Also gather on loopback interfaces when <see cref="LocalAddresses"/> is null.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>Gather IPv6 host candidates when <see cref="LocalAddresses"/> is null.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>STUN servers for server-reflexive candidates (RFC 8445 §5.1.1.2).</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>TURN servers to allocate relayed candidates on (RFC 8656; RFC 8445 §5.1.1.2), one allocation each.</summary>
    public IReadOnlyList<TurnServer> TurnServers { get; init; } = [];

    /// <summary>
    /// W3C <c>iceTransportPolicy</c>: <see cref="IceTransportPolicy.Relay"/> gathers relayed candidates
    /// only (no host socket is even bound), so every path goes through a TURN server.
    /// </summary>
    public IceTransportPolicy TransportPolicy { get; init; } = IceTransportPolicy.All;

    /// <summary>
    /// Test hook (there is no netem here): every outgoing datagram, STUN or data, is offered to it
    /// and dropped when it returns true. Null in production.
    /// </summary>
    public IceDatagramFilter? OutgoingFilter { get; init; }

    /// <summary>
    /// Where an exception thrown by an event subscriber is logged (at Error, with the event's name), and
    /// the fallback to loopback gathering (at Warning); not logged when null.
    /// </summary>
    public Microsoft.Extensions.Logging.ILogger? Logger { get; init; }

    /// <summary>Clock for every timer of the agent.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;

    /// <summary>Timings and sizes (see <see cref="IceSettings"/> for each default and the rule it follows).</summary>
    public IceSettings Settings { get; init; } = new();
}
