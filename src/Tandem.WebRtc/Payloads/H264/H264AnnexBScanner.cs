namespace Tandem.WebRtc.Payloads.H264;

/// <summary>
/// Splits an Annex-B byte stream (ITU-T H.264 Annex B, https://www.itu.int/rec/T-REC-H.264: NAL units behind 00 00 01 or 00 00 00 01
/// start codes) into NAL units, without copying. Bytes before the first start code are skipped;
/// trailing zero bytes (trailing_zero_8bits, the first byte of a 4-byte start code) are trimmed.
/// </summary>
internal ref struct H264AnnexBScanner
{
    private readonly ReadOnlySpan<byte> _data;
    private int _next;

    /// <summary>Scans <paramref name="data"/> from its first start code.</summary>
    public H264AnnexBScanner(ReadOnlySpan<byte> data)
    {
        _data = data;
        var first = data.IndexOf((ReadOnlySpan<byte>)[0, 0, 1]);
        _next = first < 0 ? data.Length : first + 3;
    }

    /// <summary>Returns the next NAL unit as (offset, length) in the input; false at the end.</summary>
    public bool TryReadNext(out int offset, out int length)
    {
        while (_next < _data.Length)
        {
            offset = _next;
            var rest = _data[offset..];
            var end = rest.IndexOf((ReadOnlySpan<byte>)[0, 0, 1]);
            int nalEnd;
            if (end < 0)
            {
                nalEnd = _data.Length;
                _next = _data.Length;
            }
            else
            {
                nalEnd = offset + end;
                _next = nalEnd + 3;
            }

            while (nalEnd > offset && _data[nalEnd - 1] == 0)
            {
                nalEnd--;
            }

            length = nalEnd - offset;
            if (length > 0)
            {
                return true;
            }
        }

        offset = length = 0;
        return false;
    }
}
