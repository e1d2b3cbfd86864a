namespace Tandem.WebRtc.Sctp;

/// <summary>One DATA chunk that has been given a TSN and is waiting for acknowledgement (RFC 9260 §6.3).</summary>
internal sealed class SctpOutboundChunk
{
    public uint Tsn { get; set; }

    public SctpOutboundMessage Message { get; set; } = null!;

    public int Offset { get; set; }

    public int Length { get; set; }

    public byte Flags { get; set; }

    /// <summary>Bytes this chunk counts in the flight size: its DATA chunk size.</summary>
    public int Size => Chunks.SctpDataChunk.HeaderLength + Length;

    public long SentAt { get; set; }

    public int TransmitCount { get; set; }

    /// <summary>Acknowledged by a Gap Ack Block (not yet by the cumulative ack).</summary>
    public bool GapAcked { get; set; }

    /// <summary>Counted in the flight size.</summary>
    public bool InFlight { get; set; }

    /// <summary>Marked for retransmission (T3 expiry or fast retransmit).</summary>
    public bool Retransmit { get; set; }

    /// <summary>Marked by fast retransmit: sent at once, outside the cwnd limit (RFC 9260 §7.2.4).</summary>
    public bool FastRetransmit { get; set; }

    /// <summary>Already fast-retransmitted once; only T3 may retransmit it again.</summary>
    public bool WasFastRetransmitted { get; set; }

    public int MissIndications { get; set; }

    public bool Abandoned { get; set; }

    public void Reset()
    {
        Message = null!;
        GapAcked = InFlight = Retransmit = FastRetransmit = WasFastRetransmitted = Abandoned = false;
        MissIndications = TransmitCount = 0;
    }
}
