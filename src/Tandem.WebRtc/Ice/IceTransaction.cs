using System.Net;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Ice;

/// <summary>What an outstanding STUN request is for.</summary>
internal enum IceTransactionKind
{
    /// <summary>Binding request to a STUN server (RFC 8445 §5.1.1.2).</summary>
    ServerBinding,

    /// <summary>Connectivity check (RFC 8445 §7.2.4), possibly carrying USE-CANDIDATE.</summary>
    Check,

    /// <summary>Consent freshness check on the selected pair (RFC 7675 §5.1); never retransmitted.</summary>
    Consent,
}

/// <summary>An outstanding STUN request: its bytes (resent unchanged, RFC 8489 §6.2.1) and timers.</summary>
internal sealed class IceTransaction(StunTransactionId id, IceTransactionKind kind, byte[] request, IIceSocket socket, SocketAddress destination)
{
    public StunTransactionId Id { get; } = id;

    public IceTransactionKind Kind { get; } = kind;

    public byte[] Request { get; } = request;

    public IIceSocket Socket { get; } = socket;

    public SocketAddress Destination { get; } = destination;

    public IceCandidatePair? Pair { get; init; }

    public IPEndPoint? Server { get; init; }

    /// <summary>Key that must sign the response: the peer's password; null for STUN servers.</summary>
    public byte[]? ResponseKey { get; init; }

    /// <summary>For checks: the credentials the request was built with (USERNAME and MESSAGE-INTEGRITY).</summary>
    public IceCredentials? RemoteCredentials { get; init; }

    /// <summary>For checks: our ufrag in the request's USERNAME.</summary>
    public string? LocalUfrag { get; init; }

    public bool UseCandidate { get; init; }

    /// <summary>Role when sent: a 487 only flips the role if it has not flipped since (RFC 8445 §7.2.5.1).</summary>
    public IceRole Role { get; init; }

    public TimeSpan FirstSentAt { get; set; }

    public TimeSpan NextAt { get; set; }

    public TimeSpan Rto { get; set; }

    public int Attempts { get; set; }

    public int MaxAttempts { get; init; }
}
