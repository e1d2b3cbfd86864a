using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 5104 §4.3.1: FIR = PSFB with FMT 4; media source SSRC is 0, one FCI entry per target
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |                              SSRC                             |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// | Seq nr.       |    Reserved                                   |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+

/// <summary>
/// Full intra request (RFC 5104 §4.3.1, https://www.rfc-editor.org/rfc/rfc5104#section-4.3.1), read in place.
/// </summary>
internal readonly ref struct RtcpFullIntraRequest
{
    /// <summary>The feedback message type of FIR.</summary>
    public const int Format = 4;

    private const int EntryLength = 8;

    private readonly ReadOnlySpan<byte> _fci;

    private RtcpFullIntraRequest(uint senderSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        _fci = fci;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>Number of FCI entries.</summary>
    public int Count => _fci.Length / EntryLength;

    /// <summary>Entry number <paramref name="index"/>: the media SSRC asked for a keyframe and the command sequence number.</summary>
    public (uint Ssrc, byte SequenceNumber) this[int index]
    {
        get
        {
            ArgumentOutOfRangeException.ThrowIfNegative(index);
            ArgumentOutOfRangeException.ThrowIfGreaterThanOrEqual(index, Count);
            var entry = _fci[(index * EntryLength)..];
            return (BinaryPrimitives.ReadUInt32BigEndian(entry), entry[4]);
        }
    }

    /// <summary>Parses a FIR; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpFullIntraRequest fir)
    {
        fir = default;
        if (!RtcpFeedbackHeader.TryRead(packet, RtcpPacketType.PayloadSpecificFeedback, Format, out var sender, out _, out var fci))
        {
            return false;
        }

        fir = new RtcpFullIntraRequest(sender, fci);
        return true;
    }

    /// <summary>
    /// Writes a FIR asking <paramref name="mediaSsrc"/> for a decoder refresh.
    /// RFC 5104 §4.3.1.1: <paramref name="sequenceNumber"/> is incremented by one per new request (not for repeats).
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, byte sequenceNumber, out int written)
    {
        if (!RtcpFeedbackHeader.TryWrite(destination, RtcpPacketType.PayloadSpecificFeedback, Format, senderSsrc, 0, EntryLength, out written))
        {
            return false;
        }

        var entry = destination.Slice(RtcpFeedbackHeader.Length, EntryLength);
        BinaryPrimitives.WriteUInt32BigEndian(entry, mediaSsrc);
        entry[4] = sequenceNumber;
        entry[5..].Clear();
        return true;
    }
}
