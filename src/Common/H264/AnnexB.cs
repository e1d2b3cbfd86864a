namespace Tandem.Common.H264;

/// <summary>
/// The H.264 Annex-B byte stream format (ITU-T H.264 Annex B, https://www.itu.int/rec/T-REC-H.264): NAL units
/// separated by start codes <c>00 00 01</c>, optionally preceded by extra zero bytes (zero_byte, trailing_zero_8bits).
/// </summary>
internal static class AnnexB
{
    /// <summary>The three-byte start code prefix (ITU-T H.264 §B.1.1: start_code_prefix_one_3bytes).</summary>
    public static ReadOnlySpan<byte> StartCode => [0, 0, 1];

    /// <summary>Finds the next start code at or after the start of <paramref name="data"/>.</summary>
    /// <param name="data">Bytes to search.</param>
    /// <param name="prefixLength">Length of the start code including leading zero bytes (3 or more).</param>
    /// <returns>Index of the first byte of the start code (its leading zeros included), or -1.</returns>
    public static int FindStartCode(ReadOnlySpan<byte> data, out int prefixLength)
    {
        int index = data.IndexOf(StartCode);
        if (index < 0)
        {
            prefixLength = 0;
            return -1;
        }

        int begin = index;
        while (begin > 0 && data[begin - 1] == 0)
        {
            begin--;
        }

        prefixLength = index + 3 - begin;
        return begin;
    }

    /// <summary>Enumerates the NAL units (header byte first, no start code) of an Annex-B buffer.</summary>
    public static AnnexBNalEnumerator EnumerateNalUnits(ReadOnlySpan<byte> annexB) => new(annexB);

    /// <summary>Whether the buffer holds an IDR slice (ITU-T H.264 §3.69: an IDR picture is a keyframe).</summary>
    public static bool ContainsIdr(ReadOnlySpan<byte> annexB) => Contains(annexB, H264NalUnitType.IdrSlice);

    /// <summary>Whether the buffer holds a NAL unit of <paramref name="type"/>.</summary>
    public static bool Contains(ReadOnlySpan<byte> annexB, H264NalUnitType type)
    {
        foreach (var nal in EnumerateNalUnits(annexB))
        {
            if (H264NalHeader.TypeOf(nal[0]) == type)
            {
                return true;
            }
        }

        return false;
    }
}
