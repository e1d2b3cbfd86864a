namespace Tandem.WebRtc.Sctp;

/// <summary>A snapshot of association counters and congestion state.</summary>
public sealed record SctpAssociationStatistics
{
    public long CongestionWindow { get; init; }

    public long SlowStartThreshold { get; init; }

    public bool InFastRecovery { get; init; }

    public long FlightSize { get; init; }

    public long PeerReceiveWindow { get; init; }

    public TimeSpan Rto { get; init; }

    public TimeSpan SmoothedRtt { get; init; }

    public long PacketsSent { get; init; }

    public long PacketsReceived { get; init; }

    public long DataChunksSent { get; init; }

    public long DataChunksRetransmitted { get; init; }

    public long FastRetransmits { get; init; }

    public long RetransmissionTimeouts { get; init; }

    public long ForwardTsnSent { get; init; }

    public long ForwardTsnReceived { get; init; }

    public long MessagesAbandoned { get; init; }
}
