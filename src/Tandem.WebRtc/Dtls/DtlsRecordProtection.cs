using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Dtls;

/// <summary>
/// AES-GCM protection of DTLS 1.2 records for one epoch (RFC 6347 §4.1.2.1 with RFC 5288 §3), both
/// directions, without allocating per record. A protected record is
/// <code>
/// +----------------+----------------------+----------------------+-----------+
/// | header (13 B)  | nonce_explicit (8 B) | ciphertext (n bytes) | tag (16 B)|
/// +----------------+----------------------+----------------------+-----------+
/// nonce = write_IV (4 B, from the key block) ‖ nonce_explicit; we send epoch ‖ sequence_number as nonce_explicit
/// AAD   = epoch ‖ sequence_number (8 B) ‖ type (1 B) ‖ version (2 B) ‖ plaintext length (2 B)  (RFC 5246 §6.2.3.3)
/// </code>
/// Not thread-safe: the caller serialises the write side (<see cref="Protect"/>) and the read side
/// (<see cref="Unprotect"/>) separately; the two sides share no mutable state and may run in parallel.
/// </summary>
internal sealed partial class DtlsRecordProtection : IDisposable
{
    /// <summary>RFC 5288 §3: the explicit part of the nonce carried in each record.</summary>
    public const int ExplicitNonceSize = 8;

    /// <summary>RFC 5116 §5.1: AEAD_AES_128_GCM / AEAD_AES_256_GCM tag length.</summary>
    public const int TagSize = 16;

    /// <summary>Bytes a protected record adds to its plaintext: header, explicit nonce, tag.</summary>
    public const int Overhead = DtlsRecordHeader.Size + ExplicitNonceSize + TagSize;

    /// <summary>RFC 5288 §3: the implicit salt part of the nonce, from the key block.</summary>
    public const int ImplicitIvSize = 4;

    /// <summary>RFC 5246 §6.2.1: a record's plaintext is at most 2^14 bytes.</summary>
    public const int MaxPlaintextLength = 1 << 14;

    private const int NonceSize = ImplicitIvSize + ExplicitNonceSize;
    private const int AadSize = 13;

    private readonly AesGcm _writeCipher;
    private readonly AesGcm _readCipher;
    private readonly uint _writeIv;
    private readonly uint _readIv;
    private ulong _nextWriteSequence;
    private DtlsReplayWindow _replayWindow;

    /// <summary>Sets up both directions of <paramref name="epoch"/>.</summary>
    /// <param name="epoch">The epoch these keys belong to (1 after the first handshake).</param>
    /// <param name="writeKey">Our write key (16 or 32 bytes).</param>
    /// <param name="writeIv">Our 4-byte implicit IV.</param>
    /// <param name="readKey">The peer's write key.</param>
    /// <param name="readIv">The peer's 4-byte implicit IV.</param>
    /// <param name="firstWriteSequence">The sequence number of the first record we protect.</param>
    /// <exception cref="ArgumentException">A key is not an AES key size or an IV is not 4 bytes.</exception>
    public DtlsRecordProtection(ushort epoch, ReadOnlySpan<byte> writeKey, ReadOnlySpan<byte> writeIv, ReadOnlySpan<byte> readKey, ReadOnlySpan<byte> readIv, ulong firstWriteSequence = 0)
    {
        ArgumentOutOfRangeException.ThrowIfNotEqual(writeIv.Length, ImplicitIvSize, nameof(writeIv));
        ArgumentOutOfRangeException.ThrowIfNotEqual(readIv.Length, ImplicitIvSize, nameof(readIv));
        ArgumentOutOfRangeException.ThrowIfGreaterThan(firstWriteSequence, DtlsRecordHeader.MaxSequenceNumber + 1);
        Epoch = epoch;
        _writeCipher = new AesGcm(writeKey, TagSize);
        _readCipher = new AesGcm(readKey, TagSize);
        _writeIv = BinaryPrimitives.ReadUInt32BigEndian(writeIv);
        _readIv = BinaryPrimitives.ReadUInt32BigEndian(readIv);
        _nextWriteSequence = firstWriteSequence;
    }

    /// <summary>The epoch of every record protected or accepted here.</summary>
    public ushort Epoch { get; }

    /// <summary>The sequence number the next protected record gets (read it on the write side).</summary>
    public ulong NextWriteSequence => _nextWriteSequence;

    /// <summary>
    /// True once all 2^48 sequence numbers of the epoch are used: RFC 6347 §4.1 forbids wrapping, so
    /// nothing more can be sent in this epoch.
    /// </summary>
    public bool IsWriteSequenceExhausted => _nextWriteSequence > DtlsRecordHeader.MaxSequenceNumber;

    /// <summary>Releases the AES-GCM key schedules.</summary>
    public void Dispose()
    {
        _writeCipher.Dispose();
        _readCipher.Dispose();
    }

    private static void WriteNonce(Span<byte> nonce, uint implicitIv, ReadOnlySpan<byte> explicitNonce)
    {
        BinaryPrimitives.WriteUInt32BigEndian(nonce, implicitIv);
        explicitNonce.CopyTo(nonce[ImplicitIvSize..]);
    }

    private static void WriteAad(Span<byte> aad, in DtlsRecordHeader header, int plaintextLength)
    {
        BinaryPrimitives.WriteUInt64BigEndian(aad, header.EpochAndSequence);
        aad[8] = header.ContentType;
        BinaryPrimitives.WriteUInt16BigEndian(aad[9..], header.Version);
        BinaryPrimitives.WriteUInt16BigEndian(aad[11..], (ushort)plaintextLength);
    }
}
