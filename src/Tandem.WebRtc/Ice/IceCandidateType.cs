namespace Tandem.WebRtc.Ice;

/// <summary>Candidate types (RFC 8445 §5.1.1, RFC 8839 §5.1 <c>typ</c>).</summary>
public enum IceCandidateType
{
    /// <summary>A transport address on a local interface (<c>host</c>).</summary>
    Host,

    /// <summary>An address learned from a STUN server (<c>srflx</c>).</summary>
    ServerReflexive,

    /// <summary>An address learned from a connectivity check (<c>prflx</c>).</summary>
    PeerReflexive,

    /// <summary>An address on a TURN relay (<c>relay</c>).</summary>
    Relayed,
}
