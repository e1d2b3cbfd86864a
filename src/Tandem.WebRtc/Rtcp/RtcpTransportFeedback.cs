using System.Buffers.Binary;

namespace Tandem.WebRtc.Rtcp;

// draft-holmer-rmcat-transport-wide-cc-extensions-01 §3.1: transport-wide feedback = RTPFB with FMT 15
//  0                   1                   2                   3
//  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// |V=2|P|  FMT=15 |    PT=205     |           length              |
// |                     SSRC of packet sender                     |
// |                      SSRC of media source                     |
// |      base sequence number     |      packet status count      |
// |                 reference time                | fb pkt. count |
// |          packet chunk         |         packet chunk          |
// .                                                               .
// |         packet chunk          |  recv delta   |  recv delta   |
// .                                                               .
// |           recv delta          |  recv delta   | zero padding  |
// +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
// Chunks (§3.1.3, §3.1.4): run length |0|S S|run length (13)|, or status vector |1|S|symbols (14)|
// with 14 one-bit (S=0) or 7 two-bit (S=1) symbols. Symbols: 00 not received, 01 received with a
// one-byte delta (0–63.75 ms), 10 received with a two-byte signed delta, 11 reserved. Deltas in 250 µs;
// the reference time is a signed 24-bit count of 64 ms.

/// <summary>
/// Transport-wide congestion control feedback (https://datatracker.ietf.org/doc/html/draft-holmer-rmcat-transport-wide-cc-extensions-01#section-3.1),
/// read in place: <see cref="TryParse"/> checks every chunk and delta once (never throws), then
/// <c>foreach</c> yields each packet's status and arrival time without allocating.
/// </summary>
internal readonly ref partial struct RtcpTransportFeedback
{
    /// <summary>The feedback message type of transport-wide feedback (RTPFB, PT 205).</summary>
    public const int Format = 15;

    /// <summary>The unit of a receive delta, in microseconds.</summary>
    public const int DeltaMicroseconds = 250;

    /// <summary>The unit of the reference time, in microseconds.</summary>
    public const int ReferenceMicroseconds = 64_000;

    private const int FixedLength = 8;

    private readonly ReadOnlySpan<byte> _chunks;
    private readonly ReadOnlySpan<byte> _deltas;

    private RtcpTransportFeedback(uint senderSsrc, uint mediaSsrc, ReadOnlySpan<byte> fci, ReadOnlySpan<byte> chunks, ReadOnlySpan<byte> deltas)
    {
        SenderSsrc = senderSsrc;
        MediaSsrc = mediaSsrc;
        BaseSequenceNumber = BinaryPrimitives.ReadUInt16BigEndian(fci);
        PacketStatusCount = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);

        // 24-bit two's complement.
        ReferenceTime = (fci[4] << 24 | fci[5] << 16 | fci[6] << 8) >> 8;
        FeedbackPacketCount = fci[7];
        _chunks = chunks;
        _deltas = deltas;
    }

    /// <summary>SSRC of the feedback's sender.</summary>
    public uint SenderSsrc { get; }

    /// <summary>SSRC of a media source (libwebrtc puts its first stream's; the feedback covers the whole transport).</summary>
    public uint MediaSsrc { get; }

    /// <summary>Transport-wide sequence number of the first packet described.</summary>
    public ushort BaseSequenceNumber { get; }

    /// <summary>Number of packets described, from <see cref="BaseSequenceNumber"/> on.</summary>
    public int PacketStatusCount { get; }

    /// <summary>Arrival time base in multiples of 64 ms (signed 24 bits; its origin is the receiver's).</summary>
    public int ReferenceTime { get; }

    /// <summary>Counter of feedback packets sent, modulo 256 (tells a lost feedback packet).</summary>
    public byte FeedbackPacketCount { get; }

    /// <summary>Parses one feedback packet; false on anything malformed (never throws).</summary>
    public static bool TryParse(ReadOnlySpan<byte> packet, out RtcpTransportFeedback feedback)
    {
        feedback = default;
        if (!RtcpFeedbackHeader.TryRead(packet, RtcpPacketType.TransportFeedback, Format, out var sender, out var media, out var fci)
            || fci.Length < FixedLength)
        {
            return false;
        }

        var count = BinaryPrimitives.ReadUInt16BigEndian(fci[2..]);
        var offset = FixedLength;
        var described = 0;
        var deltaBytes = 0;
        while (described < count)
        {
            if (offset + 2 > fci.Length)
            {
                return false;
            }

            var chunk = BinaryPrimitives.ReadUInt16BigEndian(fci[offset..]);
            offset += 2;
            var symbols = Math.Min(SymbolsIn(chunk), count - described);
            for (var i = 0; i < symbols; i++)
            {
                var symbol = SymbolAt(chunk, i);
                if (symbol == 3)
                {
                    return false;
                }

                deltaBytes += symbol;
            }

            described += symbols;
        }

        if (offset + deltaBytes > fci.Length)
        {
            return false;
        }

        feedback = new RtcpTransportFeedback(sender, media, fci, fci[FixedLength..offset], fci.Slice(offset, deltaBytes));
        return true;
    }

    /// <summary>Enumerates every described packet, in sequence order.</summary>
    public Enumerator GetEnumerator() => new(this);

    /// <summary>Packets a symbol of <paramref name="chunk"/> describes (run length: its length, which may be 0).</summary>
    private static int SymbolsIn(ushort chunk) => (chunk & 0x8000) == 0 ? chunk & 0x1FFF : (chunk & 0x4000) == 0 ? 14 : 7;

    /// <summary>The <paramref name="index"/>th status symbol of <paramref name="chunk"/> (0–3, also its delta size in bytes).</summary>
    private static int SymbolAt(ushort chunk, int index)
    {
        if ((chunk & 0x8000) == 0)
        {
            return (chunk >> 13) & 3;
        }

        return (chunk & 0x4000) == 0 ? (chunk >> (13 - index)) & 1 : (chunk >> (12 - (2 * index))) & 3;
    }

    /// <summary>Walks the chunks and deltas of a parsed packet.</summary>
    public ref struct Enumerator
    {
        private readonly ReadOnlySpan<byte> _chunks;
        private readonly ReadOnlySpan<byte> _deltas;
        private readonly ushort _base;
        private readonly int _count;
        private int _index;
        private int _chunkOffset;
        private int _inChunk;
        private int _chunkSymbols;
        private ushort _chunk;
        private int _deltaOffset;
        private long _time;

        internal Enumerator(RtcpTransportFeedback feedback)
        {
            _chunks = feedback._chunks;
            _deltas = feedback._deltas;
            _base = feedback.BaseSequenceNumber;
            _count = feedback.PacketStatusCount;
            _time = (long)feedback.ReferenceTime * ReferenceMicroseconds;
            _index = -1;
        }

        /// <summary>The current packet.</summary>
        public RtcpTransportFeedbackPacket Current { get; private set; }

        /// <summary>Moves to the next described packet.</summary>
        public bool MoveNext()
        {
            if (++_index >= _count)
            {
                return false;
            }

            while (_inChunk >= _chunkSymbols)
            {
                // TryParse checked that the chunks describe _count packets.
                _chunk = BinaryPrimitives.ReadUInt16BigEndian(_chunks[_chunkOffset..]);
                _chunkOffset += 2;
                _chunkSymbols = SymbolsIn(_chunk);
                _inChunk = 0;
            }

            var symbol = SymbolAt(_chunk, _inChunk++);
            var sequence = unchecked((ushort)(_base + _index));
            if (symbol == 0)
            {
                Current = new RtcpTransportFeedbackPacket(sequence, false, 0);
                return true;
            }

            int delta = symbol == 1 ? _deltas[_deltaOffset] : BinaryPrimitives.ReadInt16BigEndian(_deltas[_deltaOffset..]);
            _deltaOffset += symbol;
            _time += (long)delta * DeltaMicroseconds;
            Current = new RtcpTransportFeedbackPacket(sequence, true, _time);
            return true;
        }
    }
}

/// <summary>One packet of a transport-wide feedback.</summary>
/// <param name="SequenceNumber">Its transport-wide sequence number.</param>
/// <param name="Received">Whether it arrived.</param>
/// <param name="ArrivalMicroseconds">When it arrived, on the receiver's clock (reference time × 64 ms plus the deltas); 0 when not received.</param>
internal readonly record struct RtcpTransportFeedbackPacket(ushort SequenceNumber, bool Received, long ArrivalMicroseconds);
