namespace Tandem.Media.H264;

/// <summary>
/// Reads bits MSB-first from an RBSP, with the Exp-Golomb codes of ITU-T H.264 §9.1. Reading past
/// the end never throws: it returns zeros and sets <see cref="HasError"/>, which the caller checks once.
/// </summary>
internal ref struct H264BitReader
{
    private readonly ReadOnlySpan<byte> _data;
    private int _position;

    /// <summary>Creates a reader over RBSP bytes (emulation prevention already removed).</summary>
    public H264BitReader(ReadOnlySpan<byte> rbsp)
    {
        _data = rbsp;
        _position = 0;
        HasError = false;
    }

    /// <summary>True once a read ran past the end or an Exp-Golomb code was out of range.</summary>
    public bool HasError { get; private set; }

    /// <summary>Bits not yet read.</summary>
    public readonly int RemainingBits => (_data.Length * 8) - _position;

    /// <summary>Reads one bit, u(1).</summary>
    public uint ReadBit()
    {
        if (_position >= _data.Length * 8)
        {
            HasError = true;
            return 0;
        }

        uint bit = (uint)(_data[_position >> 3] >> (7 - (_position & 7))) & 1;
        _position++;
        return bit;
    }

    /// <summary>Reads a boolean flag, u(1).</summary>
    public bool ReadFlag() => ReadBit() != 0;

    /// <summary>Reads <paramref name="count"/> (0–32) bits, u(n).</summary>
    public uint ReadBits(int count)
    {
        uint value = 0;
        for (int i = 0; i < count; i++)
        {
            value = (value << 1) | ReadBit();
        }

        return value;
    }

    /// <summary>Skips <paramref name="count"/> bits.</summary>
    public void Skip(int count)
    {
        _position += count;
        if (_position > _data.Length * 8)
        {
            HasError = true;
        }
    }

    /// <summary>Reads an unsigned Exp-Golomb code, ue(v) (ITU-T H.264 §9.1).</summary>
    public uint ReadUe()
    {
        int leadingZeros = 0;
        while (ReadBit() == 0)
        {
            if (HasError || ++leadingZeros > 31)
            {
                HasError = true;
                return 0;
            }
        }

        return leadingZeros == 0 ? 0 : (uint)((1UL << leadingZeros) - 1 + ReadBits(leadingZeros));
    }

    /// <summary>Reads a signed Exp-Golomb code, se(v) (ITU-T H.264 §9.1.1: k ↦ (−1)^(k+1) ⌈k÷2⌉).</summary>
    public int ReadSe()
    {
        uint k = ReadUe();
        int magnitude = (int)((k + 1) / 2);
        return (k & 1) != 0 ? magnitude : -magnitude;
    }
}
