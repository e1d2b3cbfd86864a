using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 3550 §6.4.2: RR
//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    RC   |   PT=RR=201   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     SSRC of packet sender                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                  report blocks (RC x 24 bytes)                |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// <summary>
/// A receiver report (RFC 3550 §6.4.2, https://www.rfc-editor.org/rfc/rfc3550#section-6.4.2), read in place.
/// </summary>
internal readonly ref struct RtcpReceiverReport
{
    private RtcpReceiverReport(uint ssrc, RtcpReportBlockList blocks)
    {
        Ssrc = ssrc;
        ReportBlocks = blocks;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint Ssrc { get; }

    /// <summary>Reception reports.</summary>
    public RtcpReportBlockList ReportBlocks { get; }

    /// <summary>Parses one RR packet; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpReceiverReport report)
    {
        report = default;
        if (!RtcpHeader.TryReadBody(packet, RtcpPacketType.ReceiverReport, -1, out var header, out var body)
            || body.Length < 4 + (header.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        report = new RtcpReceiverReport(BinaryPrimitives.ReadUInt32BigEndian(body), new RtcpReportBlockList(body[4..], header.Count));
        return true;
    }

    /// <summary>Writes an RR with up to 31 report blocks (none is valid); false if it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, ReadOnlySpan<RtcpReportBlock> blocks, out int written)
    {
        written = RtcpHeader.Length + 4 + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > 31 || destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.ReceiverReport, written);
        BinaryPrimitives.WriteUInt32BigEndian(destination[RtcpHeader.Length..], ssrc);
        RtcpReportBlockList.Write(destination[(RtcpHeader.Length + 4)..], blocks);
        return true;
    }
}
