namespace Tandem.WebRtc.Turn;

/// <summary>Timings of a <see cref="TurnAllocation"/>; defaults follow RFC 8489 and RFC 8656.</summary>
internal sealed record TurnAllocationOptions
{
    /// <summary>RFC 8489 §6.2.1: first retransmission timeout over UDP (doubles per resend).</summary>
    public TimeSpan InitialRto { get; init; } = TimeSpan.FromMilliseconds(500);

    /// <summary>RFC 8489 §6.2.1 Rc: requests sent over UDP before giving up (first included).</summary>
    public int MaxAttempts { get; init; } = 7;

    /// <summary>RFC 8489 §6.2.1: after the last UDP send, wait Rm (16) × RTO; over TCP/TLS wait Ti = 39.5 s (§6.2.2).</summary>
    public TimeSpan StreamTimeout { get; init; } = TimeSpan.FromSeconds(39.5);

    /// <summary>RFC 8656 §8: refresh this long before the allocation expires (1 minute, or half the lifetime if shorter).</summary>
    public TimeSpan RefreshMargin { get; init; } = TimeSpan.FromMinutes(1);

    /// <summary>RFC 8656 §9: permissions last 300 s; refreshed every 4 minutes.</summary>
    public TimeSpan PermissionRefresh { get; init; } = TimeSpan.FromMinutes(4);

    /// <summary>RFC 8656 §12: channel bindings last 10 minutes; refreshed every 9.</summary>
    public TimeSpan ChannelRefresh { get; init; } = TimeSpan.FromMinutes(9);

    /// <summary>How long closing waits for the answer to the deleting Refresh before it drops the link anyway.</summary>
    public TimeSpan CloseTimeout { get; init; } = TimeSpan.FromSeconds(2);

    /// <summary>438 Stale Nonce answers in a row a request is retried after (RFC 8489 §9.2.5).</summary>
    public int MaxStaleNonceRetries { get; init; } = 3;

    /// <summary>Datagrams held per peer until its permission is installed (newest kept).</summary>
    public int MaxPendingPerPeer { get; init; } = 8;
}
