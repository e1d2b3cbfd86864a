using System.Net;

namespace Tandem.WebRtc.Ice;

/// <summary>Configuration of an <see cref="IceAgent"/>. Defaults follow RFC 8445, RFC 7675 and Chromium.</summary>
public sealed record IceAgentOptions
{
    /// <summary>Initial role: the offerer is controlling (RFC 8445 §6.1.1).</summary>
    public IceRole Role { get; init; } = IceRole.Controlling;

    /// <summary>Local credentials; generated when null.</summary>
    public IceCredentials? LocalCredentials { get; init; }

    /// <summary>
    /// Gather host candidates only on these addresses (port chosen by the OS). When null, every
    /// up, non-loopback interface address is used (IPv4 and IPv6, link-local excluded).
    /// </summary>
    public IReadOnlyList<IPAddress>? LocalAddresses { get; init; }

    /// <summary>Also gather on loopback interfaces when <see cref="LocalAddresses"/> is null.</summary>
    public bool IncludeLoopback { get; init; }

    /// <summary>Gather IPv6 host candidates when <see cref="LocalAddresses"/> is null.</summary>
    public bool EnableIPv6 { get; init; } = true;

    /// <summary>STUN servers for server-reflexive candidates (RFC 8445 §5.1.1.2).</summary>
    public IReadOnlyList<IPEndPoint> StunServers { get; init; } = [];

    /// <summary>Resolve remote mDNS <c>.local</c> candidates with a one-shot mDNS query. Off: rely on peer-reflexive learning.</summary>
    public bool ResolveMdnsCandidates { get; init; }

    /// <summary>Pacing timer Ta (RFC 8445 §14.2): one check or gathering request per tick.</summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>First retransmission timeout of a check; doubles per retransmit up to <see cref="MaxRto"/>.</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(250);

    /// <summary>Cap of the retransmission timeout.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Requests sent per check before the pair fails (first send included).</summary>
    public int MaxCheckAttempts { get; init; } = 7;

    /// <summary>How long gathering waits for STUN servers before completing without them.</summary>
    public TimeSpan StunServerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Controlling side: after the first valid pair, wait at most this long for better pairs before
    /// nominating (regular nomination, RFC 8445 §8.1.1).
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(200);

    /// <summary>Consent check interval (RFC 7675 §5.1: randomized 0.8–1.2 × 5 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>No consent response for this long: <see cref="IceConnectionState.Disconnected"/>.</summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(8);

    /// <summary>No consent response for this long: consent lost, sending stops, <see cref="IceConnectionState.Failed"/> (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>SOFTWARE attribute of outgoing requests; none when null.</summary>
    public string? Software { get; init; }

    /// <summary>
    /// Test hook (there is no netem here): every outgoing datagram, STUN or data, is offered to it
    /// and dropped when it returns true. Null in production.
    /// </summary>
    public IceDatagramFilter? OutgoingFilter { get; init; }

    /// <summary>Clock for every timer of the agent.</summary>
    public TimeProvider TimeProvider { get; init; } = TimeProvider.System;
}
