using System.Security.Cryptography.X509Certificates;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// ICE timings and sockets of a connection (part of <c>RtcEngineSettings</c>): pacing (Ta), check
/// retransmission, nomination delay, consent, address watch, TURN waits and socket buffer sizes. Defaults
/// follow RFC 8445, RFC 7675 and Chromium.
/// </summary>
public sealed record IceSettings
{
    /// <summary>
    /// Trust only these CAs for <c>turns:</c> servers (a private PKI); the system's roots when null.
    /// A certificate that does not verify is never accepted.
    /// </summary>
    public X509Certificate2Collection? TurnCertificateAuthorities { get; init; }

    /// <summary>
    /// How long gathering waits for TURN allocations (a TLS handshake and the 401 round trip included)
    /// before completing without them; a relayed candidate allocated later is still trickled.
    /// </summary>
    public TimeSpan TurnServerTimeout { get; init; } = TimeSpan.FromSeconds(10);

    /// <summary>Resolve remote mDNS <c>.local</c> candidates with a one-shot mDNS query. Off: rely on peer-reflexive learning.</summary>
    public bool ResolveMdnsCandidates { get; init; }

    /// <summary>
    /// Pacing timer Ta (RFC 8445 §14.2, default 50 ms as the RFC recommends; libwebrtc paces its
    /// pings of unconfirmed pairs at 48 ms): at most one new check (ordinary, triggered or
    /// nominating) per Ta. The first check of an idle agent goes at once, the next ones Ta apart.
    /// </summary>
    public TimeSpan Ta { get; init; } = TimeSpan.FromMilliseconds(50);

    /// <summary>
    /// First retransmission timeout of a check; doubles per retransmit up to <see cref="MaxRto"/>
    /// (RFC 8489 §6.2.1 backoff). Default 100 ms, shorter than the RFC 8445 §14.3 500 ms floor, as
    /// libwebrtc does (it re-pings an unanswered pair every 48 ms): a lost first check on a LAN, where
    /// the round trip is a few ms, costs 100 ms instead of half a second. Each pair has one check in
    /// flight, so this adds at most one datagram per pair per RTO.
    /// </summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Cap of the retransmission timeout.</summary>
    public TimeSpan MaxRto { get; init; } = TimeSpan.FromMilliseconds(1600);

    /// <summary>Requests sent per check before the pair fails (first send included). With the defaults the 8th goes 6.3 s after the first and the pair fails at 7.9 s (8.2 s with the former 250 ms × 7).</summary>
    public int MaxCheckAttempts { get; init; } = 8;

    /// <summary>How long gathering waits for STUN servers before completing without them.</summary>
    public TimeSpan StunServerTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Controlling side, regular nomination (RFC 8445 §8.1.1): once a pair is valid, nominate it at
    /// once if no higher-priority pair can still succeed, else wait at most this long (from the
    /// first valid pair) for one to; the best valid pair then is nominated. Default 100 ms, two Ta:
    /// time for the next waiting pair's check and its LAN round trip, so a better pair wins, while a
    /// lone host pair is nominated as soon as it succeeds, as libwebrtc selects its first writable pair.
    /// </summary>
    public TimeSpan NominationDelay { get; init; } = TimeSpan.FromMilliseconds(100);

    /// <summary>Consent check interval (RFC 7675 §5.1: randomized 0.8–1.2 × 5 s).</summary>
    public TimeSpan ConsentInterval { get; init; } = TimeSpan.FromSeconds(5);

    /// <summary>
    /// While media comes in, nothing heard on the selected pair (no media, no consent response) for this
    /// long is <see cref="IceConnectionState.Disconnected"/>, and <see cref="IceAgent.RestartNeeded"/> is
    /// raised. A pair that went quiet is probed with consent checks once silent for a third of this, every
    /// sixth of it (default 3 s: probes after 1 s, every 0.5 s), so a live path whose media paused stays
    /// connected and a dead one is noticed in 3 s (libwebrtc marks a connection not receiving after 2.5 s).
    /// A pair that carries no media (an idle data channel) is Disconnected after <see cref="ConsentInterval"/>
    /// plus this without a consent answer (8 s by default).
    /// </summary>
    public TimeSpan DisconnectedTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>No consent response for this long: consent lost, sending stops, <see cref="IceConnectionState.Failed"/> (RFC 7675 §5.1: 30 s).</summary>
    public TimeSpan ConsentTimeout { get; init; } = TimeSpan.FromSeconds(30);

    /// <summary>
    /// How often the machine's addresses are listed to notice a network change (Wi-Fi to cellular): a
    /// local address that disappears takes its host candidate with it, and when the selected pair used
    /// it (or the agent is disconnected and a new address appears) <see cref="IceAgent.RestartNeeded"/>
    /// is raised. <see cref="TimeSpan.Zero"/> turns the watch off.
    /// </summary>
    public TimeSpan AddressPollInterval { get; init; } = TimeSpan.FromSeconds(1);

    /// <summary>SOFTWARE attribute of outgoing requests; none when null.</summary>
    public string? Software { get; init; }

    /// <summary>
    /// SO_RCVBUF and SO_SNDBUF asked for each UDP socket. Default 2 MiB: a data channel at full
    /// rate or a video keyframe burst is ~1,500 datagrams in flight on a LAN, which the Linux default
    /// (208 KiB) drops. The kernel caps it at <c>net.core.rmem_max</c> / <c>wmem_max</c>; the size in
    /// force is read back into <see cref="IceAgentStats.ReceiveBufferSize"/> and <see cref="IceAgentStats.SendBufferSize"/>.
    /// Null keeps the system default.
    /// </summary>
    public int? SocketBufferSize { get; init; } = 2 * 1024 * 1024;
}
