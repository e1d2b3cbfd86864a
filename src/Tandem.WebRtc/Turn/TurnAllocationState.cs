namespace Tandem.WebRtc.Turn;

/// <summary>Where a <see cref="TurnAllocation"/> stands.</summary>
internal enum TurnAllocationState
{
    /// <summary>Created, not started.</summary>
    New,

    /// <summary>Resolving and connecting to the server (TCP and TLS handshakes).</summary>
    Connecting,

    /// <summary>Allocate sent (RFC 8656 §7.1), possibly again with credentials after a 401.</summary>
    Allocating,

    /// <summary>The relayed address is ours; refreshes keep it (RFC 8656 §8).</summary>
    Allocated,

    /// <summary>Refresh with LIFETIME 0 sent (RFC 8656 §8): deleting the allocation.</summary>
    Closing,

    /// <summary>Done: deleted, or closed before it was allocated.</summary>
    Closed,

    /// <summary>The allocation could not be made, or was lost; <see cref="TurnAllocation.Error"/> says why.</summary>
    Failed,
}
