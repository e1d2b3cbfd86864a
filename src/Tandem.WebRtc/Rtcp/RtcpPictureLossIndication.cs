namespace Tandem.WebRtc.Rtcp;

// RFC 4585 §6.3.1: PLI = PSFB with FMT 1 and no FCI
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P| FMT=1   |    PT=206     |          length=2             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of packet sender                        |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                  SSRC of media source                         |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>Picture loss indication (RFC 4585 §6.3.1, https://www.rfc-editor.org/rfc/rfc4585#section-6.3.1).</summary>
/// <param name="SenderSsrc">SSRC of the packet sender.</param>
/// <param name="MediaSsrc">SSRC of the video stream that lost a picture.</param>
internal readonly record struct RtcpPictureLossIndication(uint SenderSsrc, uint MediaSsrc)
{
    /// <summary>The feedback message type of PLI.</summary>
    public const int Format = 1;

    /// <summary>Size on the wire.</summary>
    public const int Length = RtcpFeedbackHeader.Length;

    /// <summary>Parses a PLI; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpPictureLossIndication pli)
    {
        var ok = RtcpFeedbackHeader.TryRead(packet, RtcpPacketType.PayloadSpecificFeedback, Format, out var sender, out var media, out _);
        pli = ok ? new RtcpPictureLossIndication(sender, media) : default;
        return ok;
    }

    /// <summary>Writes this PLI (12 bytes).</summary>
    public bool TryWrite(Span<byte> destination, out int written) =>
        RtcpFeedbackHeader.TryWrite(destination, RtcpPacketType.PayloadSpecificFeedback, Format, SenderSsrc, MediaSsrc, 0, out written);
}
