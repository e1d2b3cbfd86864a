namespace Tandem.DataChannelThroughput;

/// <summary>One measured transfer (warm-ups are not kept).</summary>
internal sealed record Measurement(
    Pairing Pairing, int MessageSize, int Round, int Messages, long Bytes, double Seconds, double BytesPerSecond,
    bool Complete, int SequenceBreaks, int PatternErrors, double OurCpuSeconds, long UdpDatagrams, long UdpRcvbufDrops,
    long OurPacketsSent, long OurPacketsReceived, long OurRetransmittedChunks, long OurFastRetransmits,
    long OurRetransmissionTimeouts, long OurDtlsQueueDrops)
{
    public double MegabytesPerSecond => BytesPerSecond / 1e6;
}
