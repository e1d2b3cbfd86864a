using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 3550 §6.4.1: SR
//         0                   1                   2                   3
//         0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// header |V=2|P|    RC   |   PT=SR=200   |             length            |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         SSRC of sender                        |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// sender |              NTP timestamp, most significant word             |
// info   +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |             NTP timestamp, least significant word             |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                         RTP timestamp                         |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                     sender's packet count                     |
//        +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
//        |                      sender's octet count                     |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
//        |                  report blocks (RC x 24 bytes)                |
//        +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// <summary>The sender info of an SR (RFC 3550 §6.4.1).</summary>
/// <param name="NtpTimestamp">Wall-clock send time, 64-bit NTP.</param>
/// <param name="RtpTimestamp">The same instant in the stream's RTP clock.</param>
/// <param name="PacketCount">RTP packets sent since the start.</param>
/// <param name="OctetCount">Payload octets sent since the start.</param>
internal readonly record struct RtcpSenderInfo(ulong NtpTimestamp, uint RtpTimestamp, uint PacketCount, uint OctetCount);

/// <summary>
/// A sender report (RFC 3550 §6.4.1, https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1), read in place.
/// </summary>
internal readonly ref struct RtcpSenderReport
{
    private const int FixedBodyLength = 24;

    private RtcpSenderReport(uint ssrc, RtcpSenderInfo info, RtcpReportBlockList blocks)
    {
        Ssrc = ssrc;
        SenderInfo = info;
        ReportBlocks = blocks;
    }

    /// <summary>SSRC of the sender.</summary>
    public uint Ssrc { get; }

    /// <summary>NTP/RTP timestamps and counters.</summary>
    public RtcpSenderInfo SenderInfo { get; }

    /// <summary>Reception reports about the streams this sender receives.</summary>
    public RtcpReportBlockList ReportBlocks { get; }

    /// <summary>Parses one SR packet (as returned by <see cref="RtcpCompoundReader"/>); never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpSenderReport report)
    {
        report = default;
        if (!RtcpHeader.TryReadBody(packet, RtcpPacketType.SenderReport, -1, out var header, out var body)
            || body.Length < FixedBodyLength + (header.Count * RtcpReportBlock.Length))
        {
            return false;
        }

        var info = new RtcpSenderInfo(
            BinaryPrimitives.ReadUInt64BigEndian(body[4..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(body[20..]));
        report = new RtcpSenderReport(BinaryPrimitives.ReadUInt32BigEndian(body), info, new RtcpReportBlockList(body[FixedBodyLength..], header.Count));
        return true;
    }

    /// <summary>Writes an SR with up to 31 report blocks; false if it does not fit.</summary>
    public static bool TryWrite(Span<byte> destination, uint ssrc, in RtcpSenderInfo info, ReadOnlySpan<RtcpReportBlock> blocks, out int written)
    {
        written = RtcpHeader.Length + FixedBodyLength + (blocks.Length * RtcpReportBlock.Length);
        if (blocks.Length > 31 || destination.Length < written)
        {
            written = 0;
            return false;
        }

        RtcpHeader.Write(destination, blocks.Length, RtcpPacketType.SenderReport, written);
        var body = destination[RtcpHeader.Length..];
        BinaryPrimitives.WriteUInt32BigEndian(body, ssrc);
        BinaryPrimitives.WriteUInt64BigEndian(body[4..], info.NtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[12..], info.RtpTimestamp);
        BinaryPrimitives.WriteUInt32BigEndian(body[16..], info.PacketCount);
        BinaryPrimitives.WriteUInt32BigEndian(body[20..], info.OctetCount);
        RtcpReportBlockList.Write(body[FixedBodyLength..], blocks);
        return true;
    }
}
