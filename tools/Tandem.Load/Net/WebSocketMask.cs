using System.Numerics;
using System.Runtime.InteropServices;

namespace Tandem.Load.Net;

/// <summary>
/// RFC 6455 §5.3: payload byte i is XORed with byte i mod 4 of the masking key. The key is held as
/// its four wire bytes read little-endian, so on a little-endian host (x64, arm64) a vector of
/// repeated keys lines up with the payload.
/// </summary>
public static class WebSocketMask
{
    /// <summary>
    /// Writes <paramref name="source"/> XOR the key to <paramref name="destination"/> (same length or
    /// longer; the same memory masks in place). Masking twice restores the input.
    /// </summary>
    public static void Apply(ReadOnlySpan<byte> source, Span<byte> destination, uint key)
    {
        var i = 0;
        if (Vector.IsHardwareAccelerated && source.Length >= Vector<byte>.Count)
        {
            // Vector<byte>.Count is a multiple of 4, so every chunk starts at key byte 0.
            var keys = new Vector<uint>(key).As<uint, byte>();
            for (; i <= source.Length - Vector<byte>.Count; i += Vector<byte>.Count)
            {
                (new Vector<byte>(source[i..]) ^ keys).CopyTo(destination[i..]);
            }
        }

        var wide = (ulong)key | ((ulong)key << 32);
        for (; i <= source.Length - 8; i += 8)
        {
            MemoryMarshal.Write(destination[i..], MemoryMarshal.Read<ulong>(source[i..]) ^ wide);
        }

        for (; i < source.Length; i++)
        {
            destination[i] = (byte)(source[i] ^ (key >> (8 * (i & 3))));
        }
    }
}
