namespace Tandem.WebRtc.Congestion;

/// <summary>One sent packet as the feedback reported it: when it left (our clock), when it arrived (the receiver's clock), its size.</summary>
/// <param name="SendMicroseconds">Send time on our clock, in microseconds.</param>
/// <param name="ArrivalMicroseconds">Arrival time on the receiver's clock, in microseconds; negative when it was reported lost.</param>
/// <param name="Size">Bytes of the packet as sent (RTP header and payload).</param>
/// <param name="ProbeClusterId">The <see cref="ProbeCluster"/> it was sent in; -1 for none.</param>
internal readonly record struct PacketFeedback(long SendMicroseconds, long ArrivalMicroseconds, int Size, int ProbeClusterId = -1)
{
    /// <summary>Whether the receiver got it.</summary>
    public bool Received => ArrivalMicroseconds >= 0;
}

/// <summary>What the delay-based detector concludes about the path (draft-ietf-rmcat-gcc-02 §5.4).</summary>
public enum BandwidthUsage
{
    /// <summary>The queue is stable.</summary>
    Normal,

    /// <summary>The queue grows: we send more than the path carries.</summary>
    Overusing,

    /// <summary>The queue drains.</summary>
    Underusing,
}
