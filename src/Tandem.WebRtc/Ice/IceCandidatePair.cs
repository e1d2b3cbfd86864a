using System.Net;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// A local/remote candidate pair of the check list (RFC 8445 §6.1.2). Read-only to callers;
/// the agent mutates it under its lock.
/// </summary>
internal sealed class IceCandidatePair
{
    internal IceCandidatePair(IceLocalEndpoint local, IceCandidate remote, IPEndPoint remoteEndPoint, int generation)
    {
        LocalEndpoint = local;
        Remote = remote;
        RemoteEndPoint = remoteEndPoint;
        RemoteAddress = remoteEndPoint.Serialize();
        Generation = generation;
    }

    /// <summary>The local candidate: a host or relayed one (server-reflexive ones are replaced by their base, RFC 8445 §6.1.2.4).</summary>
    public IceCandidate Local => LocalEndpoint.Candidate;

    /// <summary>The remote candidate.</summary>
    public IceCandidate Remote { get; }

    /// <summary>Pair priority (RFC 8445 §6.1.2.3) for the current role.</summary>
    public ulong Priority { get; internal set; }

    /// <summary>Check state.</summary>
    public IceCandidatePairState State { get; internal set; }

    /// <summary>True once nominated (RFC 8445 §8.1.1).</summary>
    public bool Nominated { get; internal set; }

    /// <summary>Round-trip time of the last successful check or consent check.</summary>
    public TimeSpan? RoundTripTime { get; internal set; }

    /// <summary>RFC 8445 §6.1.2.6: pairs with the same foundation unfreeze together.</summary>
    internal string Foundation => Local.Foundation + ":" + Remote.Foundation;

    internal IceLocalEndpoint LocalEndpoint { get; }

    internal IPEndPoint RemoteEndPoint { get; }

    internal System.Net.SocketAddress RemoteAddress { get; }

    /// <summary>ICE restart generation the pair belongs to.</summary>
    internal int Generation { get; }

    /// <summary>Controlled side: the peer sent USE-CANDIDATE before our own check succeeded (RFC 8445 §7.3.1.5).</summary>
    internal bool NominateOnSuccess { get; set; }

    /// <summary>Controlling side: the next check of this pair carries USE-CANDIDATE.</summary>
    internal bool Nominating { get; set; }

    internal TimeSpan LastResponseAt { get; set; }

    /// <summary>
    /// <see cref="TimeProvider.GetTimestamp"/> of the last media datagram (DTLS, RTP, RTCP) from the peer on
    /// this pair while it carries data; 0 before any. A field: the receive path writes it lock-free (Volatile).
    /// </summary>
    internal long HeardTimestamp;

    /// <summary>The peer sent an authenticated check on this pair: its data is accepted (RFC 8445 §12.2).</summary>
    internal bool PeerChecked { get; set; }

    /// <summary>
    /// Our previous ufrag, when the peer checks this path with it after an ICE restart: Chromium
    /// keys its connections by address and answers 401 to a check naming a different ufrag of ours
    /// than the one its connection was made with, so our checks on this path name that one too.
    /// </summary>
    internal string? PeerKnowsUsAs { get; set; }

    /// <inheritdoc />
    public override string ToString() => $"{Local.Address}:{Local.Port} -> {Remote.Address}:{Remote.Port} ({State}{(Nominated ? ", nominated" : string.Empty)})";
}
