namespace Tandem.Media.Tests.Support;

/// <summary>Test-side MSB-first bit writer with Exp-Golomb codes (ITU-T H.264 §9.1), to build SPS vectors.</summary>
internal sealed class BitWriter
{
    private readonly List<bool> _bits = [];

    public BitWriter U(int count, long value)
    {
        for (int i = count - 1; i >= 0; i--)
        {
            _bits.Add(((value >> i) & 1) != 0);
        }

        return this;
    }

    public BitWriter Flag(bool value) => U(1, value ? 1 : 0);

    public BitWriter Ue(uint value)
    {
        ulong code = (ulong)value + 1;
        int length = 64 - System.Numerics.BitOperations.LeadingZeroCount(code);
        return U(length - 1, 0).U(length, (long)code);
    }

    public BitWriter Se(int value) => Ue(value <= 0 ? (uint)(-2L * value) : (uint)((2L * value) - 1));

    /// <summary>Appends rbsp_trailing_bits and returns the NAL unit (header 0x67) with emulation prevention added.</summary>
    public byte[] ToSpsNal()
    {
        Flag(true);
        while (_bits.Count % 8 != 0)
        {
            _bits.Add(false);
        }

        var rbsp = new byte[_bits.Count / 8];
        for (int i = 0; i < _bits.Count; i++)
        {
            if (_bits[i])
            {
                rbsp[i / 8] |= (byte)(0x80 >> (i % 8));
            }
        }

        var nal = new List<byte> { 0x67 };
        int zeros = 0;
        foreach (byte b in rbsp)
        {
            if (zeros >= 2 && b <= 3)
            {
                nal.Add(3);
                zeros = 0;
            }

            nal.Add(b);
            zeros = b == 0 ? zeros + 1 : 0;
        }

        return [.. nal];
    }
}
