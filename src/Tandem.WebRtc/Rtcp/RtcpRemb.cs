using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// draft-alvestrand-rmcat-remb-03 §2.2: REMB = PSFB with FMT 15 (application layer feedback)
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Unique identifier 'R' 'E' 'M' 'B'                            |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |  Num SSRC     | BR Exp    |  BR Mantissa                      |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |   SSRC feedback                                               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>
/// Receiver estimated maximum bitrate (https://datatracker.ietf.org/doc/html/draft-alvestrand-rmcat-remb-03):
/// read only, so a sender can cap its encoder; a malformed REMB is simply not recognised.
/// </summary>
internal static class RtcpRemb
{
    /// <summary>The PSFB feedback message type used by REMB (RFC 4585 §6.4: application layer feedback).</summary>
    public const int Format = 15;

    /// <summary>Reads the estimated bitrate (bits per second) from a REMB packet.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out uint senderSsrc, out ulong bitrate)
    {
        bitrate = 0;
        if (!RtcpFeedbackHeader.TryRead(packet, RtcpPacketType.PayloadSpecificFeedback, Format, out senderSsrc, out _, out var fci)
            || fci.Length < 8 || !fci[..4].SequenceEqual("REMB"u8))
        {
            return false;
        }

        var exponent = fci[5] >> 2;
        var mantissa = ((ulong)(fci[5] & 0x03) << 16) | ((ulong)fci[6] << 8) | fci[7];
        bitrate = exponent > 46 ? ulong.MaxValue : mantissa << exponent;
        return true;
    }
}
