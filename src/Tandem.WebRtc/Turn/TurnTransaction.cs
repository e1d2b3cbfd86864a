using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Turn;

/// <summary>An outstanding TURN request: what it is for (to rebuild it with a new nonce) and its timers.</summary>
internal sealed class TurnTransaction(StunTransactionId id, StunMethod method, byte[] request, bool authenticated)
{
    public StunTransactionId Id { get; } = id;

    public StunMethod Method { get; } = method;

    public byte[] Request { get; } = request;

    /// <summary>Sent with MESSAGE-INTEGRITY: a 401 to it means the credentials were refused.</summary>
    public bool Authenticated { get; } = authenticated;

    /// <summary>Refresh: the LIFETIME asked for (0 deletes the allocation); null for the server's default.</summary>
    public uint? Lifetime { get; init; }

    public TurnPermission? Permission { get; init; }

    public TurnPeer? Peer { get; init; }

    /// <summary>438 answers to this request and the ones it replaced.</summary>
    public int StaleNonceRetries { get; init; }

    public int Attempts { get; set; }

    public TimeSpan Rto { get; set; }

    public TimeSpan NextAt { get; set; }
}
