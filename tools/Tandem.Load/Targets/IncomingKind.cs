namespace Tandem.Load.Targets;

/// <summary>What a received message means to a pair session.</summary>
public enum IncomingKind
{
    /// <summary>Nothing the session waits for (ignored).</summary>
    Other,

    /// <summary>The connection is paired and may signal (Tandem role, relay paired, PeerJS OPEN).</summary>
    Ready,

    /// <summary>An offer, answer or candidate forwarded from the peer.</summary>
    Signal,

    /// <summary>The peer's leave, forwarded.</summary>
    PeerLeft,

    /// <summary>An error from the server.</summary>
    Error,
}
