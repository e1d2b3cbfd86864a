using Tandem.Common.H264;

namespace Tandem.WebRtc.Payloads.H264;

/// <summary>Receives one RTP payload produced by <see cref="H264Packetizer"/>; the span is valid only during the call.</summary>
/// <param name="payload">The RTP payload (no RTP header).</param>
/// <param name="rtpTimestamp">The access unit's RTP timestamp (the same for every payload of the unit).</param>
/// <param name="marker">True on the last payload of the access unit (RFC 6184 §5.1: the M bit).</param>
/// <param name="state">The caller's state.</param>
internal delegate void H264PayloadHandler<in TState>(ReadOnlySpan<byte> payload, uint rtpTimestamp, bool marker, TState state);

/// <summary>
/// Turns Annex-B access units into RTP payloads (RFC 6184, packetization-mode=1,
/// https://www.rfc-editor.org/rfc/rfc6184): single NAL unit packets, STAP-A (§5.7.1) for runs of
/// small NAL units, FU-A (§5.8) for NAL units above <see cref="MaxPayloadSize"/>. AUD and filler
/// data are dropped; the last SPS and PPS seen are sent together in one STAP-A at the start of
/// every access unit holding an IDR slice, even if the encoder only emitted them once.
/// Not thread-safe: one instance per video stream. Allocates only when an SPS/PPS grows or an
/// access unit has more NAL units than any before it.
/// </summary>
internal sealed partial class H264Packetizer
{
    /// <summary>Default payload budget: keeps RTP + SRTP + UDP + IP under common path MTUs.</summary>
    public const int DefaultMaxPayloadSize = 1200;

    private const int MinPayloadSize = 16;

    // RFC 6184 §5.7.1: STAP-A sizes are 16-bit, so an aggregate must stay below 64 KiB.
    private const int MaxPayloadLimit = 65_535;

    private readonly byte[] _scratch;
    private NalRef[] _nals = new NalRef[16];
    private int _nalCount;
    private byte[] _sps = [];
    private int _spsLength;
    private byte[] _pps = [];
    private int _ppsLength;

    /// <summary>Creates a packetizer with a payload budget of <paramref name="maxPayloadSize"/> bytes (16 to 65535).</summary>
    public H264Packetizer(int maxPayloadSize = DefaultMaxPayloadSize)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(maxPayloadSize, MinPayloadSize);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(maxPayloadSize, MaxPayloadLimit);
        MaxPayloadSize = maxPayloadSize;
        _scratch = new byte[maxPayloadSize];
    }

    /// <summary>Largest RTP payload produced.</summary>
    public int MaxPayloadSize { get; }

    /// <summary>True once an SPS and a PPS were seen (an IDR can then be sent decodable).</summary>
    public bool HasParameterSets => _spsLength > 0 && _ppsLength > 0;

    /// <summary>
    /// Packetizes one access unit and calls <paramref name="onPayload"/> once per RTP payload, in
    /// order, the last one with marker = true. Returns the number of payloads (0 if the unit held
    /// no NAL unit worth sending).
    /// </summary>
    public int Packetize<TState>(ReadOnlySpan<byte> accessUnit, uint rtpTimestamp, TState state, H264PayloadHandler<TState> onPayload)
    {
        ArgumentNullException.ThrowIfNull(onPayload);
        CollectNalUnits(accessUnit);
        var emitted = 0;
        var i = 0;
        while (i < _nalCount)
        {
            var end = CountAggregatable(i);
            if (end - i >= 2)
            {
                var length = WriteStapA(accessUnit, i, end);
                onPayload(_scratch.AsSpan(0, length), rtpTimestamp, end == _nalCount, state);
                emitted++;
                i = end;
                continue;
            }

            var nal = Resolve(accessUnit, _nals[i]);
            var last = i == _nalCount - 1;
            if (nal.Length <= MaxPayloadSize)
            {
                // RFC 6184 §5.6: a single NAL unit packet is the NAL unit itself.
                onPayload(nal, rtpTimestamp, last, state);
                emitted++;
            }
            else
            {
                emitted += WriteFuA(nal, rtpTimestamp, last, state, onPayload);
            }

            i++;
        }

        return emitted;
    }

    /// <summary>Returns the end (exclusive) of the longest run from <paramref name="start"/> that fits one STAP-A.</summary>
    private int CountAggregatable(int start)
    {
        var size = 1;
        var end = start;
        while (end < _nalCount && size + 2 + _nals[end].Length <= MaxPayloadSize)
        {
            size += 2 + _nals[end].Length;
            end++;
        }

        return end;
    }

    // RFC 6184 §5.7.1: STAP-A
    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                          RTP Header                           |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |STAP-A NAL HDR |         NALU 1 Size           | NALU 1 HDR    |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                         NALU 1 Data                           |
    // :                                                               :
    // +               +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |               | NALU 2 Size                   | NALU 2 HDR    |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // |                         NALU 2 Data                           |
    // :                                                               :
    private int WriteStapA(ReadOnlySpan<byte> accessUnit, int start, int end)
    {
        var offset = 1;
        var forbidden = 0;
        var nri = 0;
        for (var i = start; i < end; i++)
        {
            var nal = Resolve(accessUnit, _nals[i]);
            forbidden |= nal[0] & 0x80;
            nri = Math.Max(nri, nal[0] & 0x60);
            _scratch[offset] = (byte)(nal.Length >> 8);
            _scratch[offset + 1] = (byte)nal.Length;
            nal.CopyTo(_scratch.AsSpan(offset + 2));
            offset += 2 + nal.Length;
        }

        // RFC 6184 §5.7: F is the OR of the aggregated F bits, NRI their maximum.
        _scratch[0] = (byte)(forbidden | nri | (int)H264NalUnitType.StapA);
        return offset;
    }

    // RFC 6184 §5.8: FU-A
    //  0                   1                   2                   3
    //  0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1 2 3 4 5 6 7 8 9 0 1
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // | FU indicator  |   FU header   |                               |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+                               |
    // |                         FU payload                            |
    // +-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+-+
    // FU indicator = F|NRI|Type=28, FU header = S|E|R|Type of the fragmented NAL unit.
    private int WriteFuA<TState>(ReadOnlySpan<byte> nal, uint rtpTimestamp, bool lastNal, TState state, H264PayloadHandler<TState> onPayload)
    {
        var header = nal[0];
        var data = nal[1..];
        var chunk = MaxPayloadSize - 2;
        var count = 0;
        _scratch[0] = (byte)((header & 0xE0) | (int)H264NalUnitType.FuA);
        for (var offset = 0; offset < data.Length; offset += chunk)
        {
            var length = Math.Min(chunk, data.Length - offset);
            var isFirst = offset == 0;
            var isLast = offset + length == data.Length;
            _scratch[1] = (byte)((isFirst ? 0x80 : 0) | (isLast ? 0x40 : 0) | (header & 0x1F));
            data.Slice(offset, length).CopyTo(_scratch.AsSpan(2));
            onPayload(_scratch.AsSpan(0, length + 2), rtpTimestamp, lastNal && isLast, state);
            count++;
        }

        return count;
    }
}
