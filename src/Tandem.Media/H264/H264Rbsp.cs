namespace Tandem.Media.H264;

/// <summary>Conversion between NAL unit payloads and raw byte sequence payloads (RBSP).</summary>
internal static class H264Rbsp
{
    /// <summary>
    /// Removes emulation prevention bytes (ITU-T H.264 §7.4.1: within a NAL unit the sequence
    /// <c>00 00 03</c> stands for <c>00 00</c>; the 03 is discarded).
    /// </summary>
    /// <param name="nal">The escaped bytes.</param>
    /// <param name="destination">At least <paramref name="nal"/>.Length bytes.</param>
    /// <returns>The number of RBSP bytes written.</returns>
    public static int RemoveEmulationPrevention(ReadOnlySpan<byte> nal, Span<byte> destination)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(destination.Length, nal.Length, nameof(destination));
        int written = 0;
        int zeros = 0;
        foreach (byte b in nal)
        {
            if (zeros >= 2 && b == 0x03)
            {
                zeros = 0;
                continue;
            }

            zeros = b == 0 ? zeros + 1 : 0;
            destination[written++] = b;
        }

        return written;
    }
}
