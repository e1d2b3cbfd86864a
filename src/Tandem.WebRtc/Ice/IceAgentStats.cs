namespace Tandem.WebRtc.Ice;

/// <summary>A snapshot of an <see cref="IceAgent"/>'s counters and setup timestamps (W3C-stats-like).</summary>
public sealed record IceAgentStats
{
    /// <summary>When gathering started.</summary>
    public DateTimeOffset? GatheringStartedAt { get; init; }

    /// <summary>When gathering completed (end-of-candidates).</summary>
    public DateTimeOffset? GatheringCompletedAt { get; init; }

    /// <summary>When the first connectivity check was sent or received.</summary>
    public DateTimeOffset? CheckingStartedAt { get; init; }

    /// <summary>When the state first became connected: a valid pair carries data (nominated or not yet).</summary>
    public DateTimeOffset? ConnectedAt { get; init; }

    /// <summary>The selected pair's local candidate, as SDP.</summary>
    public string? SelectedLocalCandidate { get; init; }

    /// <summary>The selected pair's remote candidate, as SDP.</summary>
    public string? SelectedRemoteCandidate { get; init; }

    /// <summary>The selected pair's local candidate type (<see cref="IceCandidateType.Relayed"/> through TURN).</summary>
    public IceCandidateType? SelectedLocalCandidateType { get; init; }

    /// <summary>The selected pair's remote candidate type.</summary>
    public IceCandidateType? SelectedRemoteCandidateType { get; init; }

    /// <summary>Last measured round-trip time on the selected pair.</summary>
    public TimeSpan? RoundTripTime { get; init; }

    /// <summary>Connectivity checks sent (retransmissions included).</summary>
    public long ChecksSent { get; init; }

    /// <summary>Binding requests received from the peer.</summary>
    public long ChecksReceived { get; init; }

    /// <summary>Authenticated responses received.</summary>
    public long ResponsesReceived { get; init; }

    /// <summary>Consent requests sent (RFC 7675).</summary>
    public long ConsentRequestsSent { get; init; }

    /// <summary>Non-STUN datagrams sent on the selected pair.</summary>
    public long PacketsSent { get; init; }

    /// <summary>Bytes of <see cref="PacketsSent"/>.</summary>
    public long BytesSent { get; init; }

    /// <summary>Non-STUN datagrams delivered to <see cref="IceAgent.Transport"/>.</summary>
    public long PacketsReceived { get; init; }

    /// <summary>Bytes of <see cref="PacketsReceived"/>.</summary>
    public long BytesReceived { get; init; }

    /// <summary>Datagrams dropped: sent with no usable pair, or received from an unchecked address or with an unknown first byte.</summary>
    public long PacketsDropped { get; init; }

    /// <summary>Smallest SO_RCVBUF in force among the agent's sockets (bytes, as the kernel reports it; see <see cref="IceSettings.SocketBufferSize"/>), or null before gathering.</summary>
    public int? ReceiveBufferSize { get; init; }

    /// <summary>Smallest SO_SNDBUF in force among the agent's sockets, or null before gathering.</summary>
    public int? SendBufferSize { get; init; }
}
