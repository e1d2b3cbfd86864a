using Tandem.Common.H264;

namespace Tandem.Media.H264;

internal sealed partial class AnnexBReader
{
    /// <summary>
    /// Scans NAL units from <see cref="_scan"/> and returns the offset where the next access unit
    /// starts, or -1 when more data is needed to know.
    /// </summary>
    private int FindNextBoundary()
    {
        while (true)
        {
            int searchFrom = Math.Max(_scan, _start);
            int found = _buffer.AsSpan(searchFrom, _end - searchFrom).IndexOf(AnnexB.StartCode);
            if (found < 0)
            {
                // Keep the last two bytes in the scan window: they may begin a start code.
                _scan = Math.Max(searchFrom, _end - 2);
                return -1;
            }

            int startCode = searchFrom + found;
            int header = startCode + 3;

            // The header byte and the first slice-header byte decide the boundary.
            if (header + 2 > _end && !_endOfStream)
            {
                _scan = startCode;
                return -1;
            }

            _scan = header;
            if (header >= _end)
            {
                continue;
            }

            var type = H264NalHeader.TypeOf(_buffer[header]);
            bool firstMbIsZero = header + 1 < _end && (_buffer[header + 1] & 0x80) != 0;
            bool startsUnit = StartsNewAccessUnit(type, firstMbIsZero);
            _unitHasVcl = (!startsUnit && _unitHasVcl) || H264NalHeader.IsVclType(type);
            _unitHasNal = true;

            int begin = startCode;
            while (begin > _start && _buffer[begin - 1] == 0)
            {
                begin--;
            }

            if (startsUnit && begin > _start)
            {
                return begin;
            }
        }
    }

    // ITU-T H.264 §7.4.1.2.3: after the last VCL NAL unit of a primary coded picture, an access unit
    // delimiter, SPS, PPS, SEI, NAL types 14–18, or the first VCL NAL unit of a new primary picture
    // begins the next access unit. §7.4.3: first_mb_in_slice is the first ue(v) of the slice header,
    // and ue(v) == 0 is coded as the single bit 1, so first_mb_in_slice == 0 iff the top bit is set.
    private bool StartsNewAccessUnit(H264NalUnitType type, bool firstMbIsZero)
    {
        if (type == H264NalUnitType.AccessUnitDelimiter)
        {
            return _unitHasNal;
        }

        if (!_unitHasVcl)
        {
            return false;
        }

        return type switch
        {
            H264NalUnitType.Sei or H264NalUnitType.Sps or H264NalUnitType.Pps => true,
            >= H264NalUnitType.PrefixNal and <= (H264NalUnitType)18 => true,
            H264NalUnitType.Slice or H264NalUnitType.SliceDataPartitionA or H264NalUnitType.IdrSlice => firstMbIsZero,
            _ => false,
        };
    }
}
