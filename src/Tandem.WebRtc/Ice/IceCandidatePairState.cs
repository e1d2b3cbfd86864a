namespace Tandem.WebRtc.Ice;

/// <summary>Candidate pair states (RFC 8445 §6.1.2.6).</summary>
internal enum IceCandidatePairState
{
    /// <summary>Waiting for a pair of the same foundation to succeed.</summary>
    Frozen,

    /// <summary>Ready to be checked.</summary>
    Waiting,

    /// <summary>A check is in flight.</summary>
    InProgress,

    /// <summary>A check succeeded: the pair is valid.</summary>
    Succeeded,

    /// <summary>Checks failed.</summary>
    Failed,
}
