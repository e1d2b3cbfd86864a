using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// RFC 4585 §6.2.1: generic NACK = RTPFB with FMT 1, one or more FCI entries
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |            PID                |             BLP               |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// PID: a lost packet; bit i of BLP set: PID + i + 1 is lost too.

/// <summary>
/// Generic NACK (RFC 4585 §6.2.1, https://www.rfc-editor.org/rfc/rfc4585#section-6.2.1), read in place;
/// <c>foreach</c> yields the lost sequence numbers.
/// </summary>
internal readonly ref struct RtcpGenericNack
{
    /// <summary>The feedback message type of generic NACK.</summary>
    public const int Format = 1;

    private const int EntryLength = 4;

    private readonly ReadOnlySpan<byte> _fci;

    private RtcpGenericNack(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        _fci = fci;
    }

    /// <summary>SSRC of the packet sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of the stream whose packets are lost.</summary>
    public uint MediaSsrc { get; }

    /// <summary>Parses a NACK; never throws.</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpGenericNack nack)
    {
        nack = default;
        if (!RtcpFeedbackHeader.TryRead(packet, RtcpPacketType.TransportFeedback, Format, out var sender, out var media, out var fci))
        {
            return false;
        }

        nack = new RtcpGenericNack(sender, media, fci[..(fci.Length - (fci.Length % EntryLength))]);
        return true;
    }

    /// <summary>Enumerates the lost sequence numbers.</summary>
    public Enumerator GetEnumerator() => new(_fci);

    /// <summary>
    /// Writes a NACK for <paramref name="lost"/> (sequence numbers in ascending, wrap-aware order;
    /// numbers within 16 of an entry's PID share its BLP). False if it does not fit.
    /// </summary>
    public static bool TryWrite(Span<byte> destination, uint senderSsrc, uint mediaSsrc, ReadOnlySpan<ushort> lost, out int written)
    {
        written = 0;
        if (lost.IsEmpty)
        {
            return false;
        }

        var offset = RtcpFeedbackHeader.Length;
        var i = 0;
        while (i < lost.Length)
        {
            if (destination.Length < offset + EntryLength)
            {
                return false;
            }

            var pid = lost[i++];
            ushort blp = 0;
            while (i < lost.Length)
            {
                var delta = (ushort)(lost[i] - pid);
                if (delta == 0)
                {
                    i++;
                    continue;
                }

                if (delta > 16)
                {
                    break;
                }

                blp |= (ushort)(1 << (delta - 1));
                i++;
            }

            BinaryPrimitives.WriteUInt16BigEndian(destination[offset..], pid);
            BinaryPrimitives.WriteUInt16BigEndian(destination[(offset + 2)..], blp);
            offset += EntryLength;
        }

        return RtcpFeedbackHeader.TryWrite(destination, RtcpPacketType.TransportFeedback, Format, senderSsrc, mediaSsrc, offset - RtcpFeedbackHeader.Length, out written);
    }

    /// <summary>Walks the FCI entries and their BLP bits.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _fci;
        private int _offset;
        private int _bit;
        private ushort _pid;
        private ushort _blp;

        internal Enumerator(ReadOnlySpan<byte> fci)
        {
            _fci = fci;
            _offset = -EntryLength;
            _bit = 16;
        }

        /// <summary>The current lost sequence number.</summary>
        public ushort Current { get; private set; }

        /// <summary>Advances to the next lost sequence number.</summary>
        public bool MoveNext()
        {
            while (_bit < 16)
            {
                var bit = _bit++;
                if ((_blp & (1 << bit)) != 0)
                {
                    Current = (ushort)(_pid + bit + 1);
                    return true;
                }
            }

            _offset += EntryLength;
            if (_offset + EntryLength > _fci.Length)
            {
                return false;
            }

            _pid = BinaryPrimitives.ReadUInt16BigEndian(_fci[_offset..]);
            _blp = BinaryPrimitives.ReadUInt16BigEndian(_fci[(_offset + 2)..]);
            _bit = 0;
            Current = _pid;
            return true;
        }
    }
}
