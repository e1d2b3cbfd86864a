using System.Buffers.Binary;
using System.Numerics;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Srtp;

/// <summary>
/// AES in counter mode (RFC 3711 §4.1.1): keystream block j is AES_k(IV + j); data is XORed
/// with the keystream. Counter blocks are laid out in a scratch buffer and encrypted in one
/// ECB call per chunk.
/// </summary>
/// <remarks>
/// The ECB transform is created once, so the key schedule and native context are reused:
/// <c>Aes.EncryptEcb</c> builds a new native context on every call (64 B allocated and ~6x
/// slower for a 1200-byte packet), which the media path cannot afford. Not thread-safe:
/// the scratch buffers belong to one caller at a time (the owning <see cref="SrtpContext"/>).
/// </remarks>
internal sealed class AesCounterMode : IDisposable
{
    private const int BlockSize = 16;

    // 128 blocks = 2 KiB: a whole MTU-sized packet is one native call.
    private const int ChunkBlocks = 128;

    private readonly Aes _aes;
    private readonly ICryptoTransform _ecb;
    private readonly byte[] _counters = new byte[ChunkBlocks * BlockSize];
    private readonly byte[] _keystream = new byte[ChunkBlocks * BlockSize];

    public AesCounterMode(ReadOnlySpan<byte> key)
    {
        _aes = Aes.Create();
        _aes.Key = key.ToArray();
        _aes.Mode = CipherMode.ECB;
        _aes.Padding = PaddingMode.None;
        _ecb = _aes.CreateEncryptor();
    }

    /// <summary>
    /// destination = source XOR keystream(iv). The spans have the same length and are either
    /// the same memory or disjoint.
    /// </summary>
    public void Transform(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> source, Span<byte> destination)
    {
        ulong high = BinaryPrimitives.ReadUInt64BigEndian(iv);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]);
        while (!source.IsEmpty)
        {
            int blocks = Math.Min(ChunkBlocks, (source.Length + BlockSize - 1) / BlockSize);
            Span<byte> counters = _counters.AsSpan(0, blocks * BlockSize);
            for (int b = 0; b < counters.Length; b += BlockSize)
            {
                // The IV's low 16 bits are zero (salt and index are shifted by 16), so adding j
                // to the low 64 bits equals the RFC's 128-bit addition for any SRTP packet.
                BinaryPrimitives.WriteUInt64BigEndian(counters[b..], high);
                BinaryPrimitives.WriteUInt64BigEndian(counters[(b + 8)..], low++);
            }

            _ecb.TransformBlock(_counters, 0, counters.Length, _keystream, 0);
            int n = Math.Min(counters.Length, source.Length);
            Xor(source[..n], _keystream.AsSpan(0, n), destination[..n]);
            source = source[n..];
            destination = destination[n..];
        }
    }

    private static void Xor(ReadOnlySpan<byte> a, ReadOnlySpan<byte> b, Span<byte> destination)
    {
        int i = 0;
        int width = Vector<byte>.Count;
        for (; i <= a.Length - width; i += width)
        {
            (new Vector<byte>(a[i..]) ^ new Vector<byte>(b[i..])).CopyTo(destination[i..]);
        }

        for (; i < a.Length; i++)
        {
            destination[i] = (byte)(a[i] ^ b[i]);
        }
    }

    public void Dispose()
    {
        _ecb.Dispose();
        _aes.Dispose();
    }
}
