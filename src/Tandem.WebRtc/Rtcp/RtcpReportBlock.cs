using System.Buffers.Binary;
using Tandem.Common.Time;

namespace Tandem.WebRtc.Rtcp;

// RFC 3550 §6.4.1: report block
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+
// |                 SSRC_1 (SSRC of first source)                 |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | fraction lost |       cumulative number of packets lost       |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |           extended highest sequence number received           |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                      interarrival jitter                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                         last SR (LSR)                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                   delay since last SR (DLSR)                  |
// +=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+=+

/// <summary>
/// One reception report block of an SR or RR (RFC 3550 §6.4.1, https://www.rfc-editor.org/rfc/rfc3550#section-6.4.1).
/// </summary>
/// <param name="Ssrc">The source this block reports on.</param>
/// <param name="FractionLost">Fraction lost since the previous report, in 1/256.</param>
/// <param name="CumulativeLost">Cumulative packets lost (signed 24 bits: duplicates can make it negative).</param>
/// <param name="ExtendedHighestSequenceNumber">Cycles (high 16 bits) and highest sequence number received.</param>
/// <param name="Jitter">Interarrival jitter in RTP timestamp units.</param>
/// <param name="LastSenderReport">Compact NTP time of the last SR received from the source (LSR), 0 if none.</param>
/// <param name="DelaySinceLastSenderReport">Delay since that SR in 1/65536 s (DLSR).</param>
internal readonly record struct RtcpReportBlock(
    uint Ssrc,
    byte FractionLost,
    int CumulativeLost,
    uint ExtendedHighestSequenceNumber,
    uint Jitter,
    uint LastSenderReport,
    uint DelaySinceLastSenderReport)
{
    /// <summary>Size of a report block on the wire.</summary>
    public const int Length = 24;

    /// <summary>Largest and smallest cumulative loss a signed 24-bit field holds.</summary>
    private const int MaxLost = 0x7FFFFF, MinLost = -0x800000;

    /// <summary>Reads a block from the first 24 bytes of <paramref name="data"/> (caller checks the length).</summary>
    internal static RtcpReportBlock Read(ReadOnlySpan<byte> data)
    {
        var lost = (data[5] << 16) | (data[6] << 8) | data[7];
        if ((lost & 0x800000) != 0)
        {
            lost |= unchecked((int)0xFF000000);
        }

        return new RtcpReportBlock(
            BinaryPrimitives.ReadUInt32BigEndian(data),
            data[4],
            lost,
            BinaryPrimitives.ReadUInt32BigEndian(data[8..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[12..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[16..]),
            BinaryPrimitives.ReadUInt32BigEndian(data[20..]));
    }

    /// <summary>Writes the block to the first 24 bytes of <paramref name="destination"/>.</summary>
    internal void Write(Span<byte> destination)
    {
        BinaryPrimitives.WriteUInt32BigEndian(destination, Ssrc);
        var lost = Math.Clamp(CumulativeLost, MinLost, MaxLost);
        destination[4] = FractionLost;
        destination[5] = (byte)(lost >> 16);
        destination[6] = (byte)(lost >> 8);
        destination[7] = (byte)lost;
        BinaryPrimitives.WriteUInt32BigEndian(destination[8..], ExtendedHighestSequenceNumber);
        BinaryPrimitives.WriteUInt32BigEndian(destination[12..], Jitter);
        BinaryPrimitives.WriteUInt32BigEndian(destination[16..], LastSenderReport);
        BinaryPrimitives.WriteUInt32BigEndian(destination[20..], DelaySinceLastSenderReport);
    }

    /// <summary>
    /// RFC 3550 §6.4.1: round-trip time seen by the sender of the reported stream:
    /// arrival time of this block − LSR − DLSR, all in compact NTP units. False when the
    /// receiver has not seen an SR yet (LSR = 0) or the result is negative (clock skew, garbage).
    /// </summary>
    public bool TryGetRoundTripTime(uint arrivalCompactNtp, out TimeSpan roundTripTime)
    {
        roundTripTime = TimeSpan.Zero;
        if (LastSenderReport == 0)
        {
            return false;
        }

        var rtt = (int)(arrivalCompactNtp - LastSenderReport - DelaySinceLastSenderReport);
        if (rtt < 0)
        {
            return false;
        }

        roundTripTime = NtpTime.CompactToTimeSpan((uint)rtt);
        return true;
    }
}
