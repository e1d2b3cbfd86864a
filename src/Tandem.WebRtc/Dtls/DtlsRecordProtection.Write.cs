using System.Buffers;
using System.Buffers.Binary;

namespace Tandem.WebRtc.Dtls;

internal sealed partial class DtlsRecordProtection
{
    /// <summary>
    /// Protects <paramref name="plaintext"/> as one record of <paramref name="contentType"/> with the next
    /// write sequence number, written whole to <paramref name="record"/>.
    /// </summary>
    /// <returns>
    /// Done; DestinationTooSmall when <paramref name="record"/> lacks <see cref="Overhead"/> + plaintext
    /// bytes; InvalidData when the plaintext exceeds 2^14 bytes or the sequence numbers are exhausted
    /// (<see cref="IsWriteSequenceExhausted"/>). Nothing is consumed unless Done.
    /// </returns>
    public OperationStatus Protect(byte contentType, ReadOnlySpan<byte> plaintext, Span<byte> record, out int written)
    {
        written = 0;
        if (plaintext.Length > MaxPlaintextLength || IsWriteSequenceExhausted)
        {
            return OperationStatus.InvalidData;
        }

        if (record.Length < Overhead + plaintext.Length)
        {
            return OperationStatus.DestinationTooSmall;
        }

        written = Seal(contentType, plaintext, record);
        return OperationStatus.Done;
    }

    /// <summary>
    /// Takes one record that BouncyCastle sealed with our write key of this epoch under its own sequence
    /// number, and seals its plaintext again under our next one, so that the epoch has one sequence
    /// space whoever writes the record (RFC 6347 §4.1: a number is never reused within an epoch).
    /// The original ciphertext must not be sent: only the result goes on the wire.
    /// </summary>
    /// <returns>Done; InvalidData when it is not a record of ours in this epoch or the numbers are exhausted; DestinationTooSmall.</returns>
    internal OperationStatus Reseal(ReadOnlySpan<byte> ownRecord, Span<byte> record, out int written)
    {
        written = 0;
        if (!DtlsRecordHeader.TryParse(ownRecord, out DtlsRecordHeader header) || header.Epoch != Epoch
            || header.Length < ExplicitNonceSize + TagSize || IsWriteSequenceExhausted)
        {
            return OperationStatus.InvalidData;
        }

        int plaintextLength = header.Length - ExplicitNonceSize - TagSize;
        if (record.Length < Overhead + plaintextLength)
        {
            return OperationStatus.DestinationTooSmall;
        }

        // Decrypt into the place the plaintext is sealed from, then seal in place (AesGcm allows identical spans).
        Span<byte> plaintext = record.Slice(DtlsRecordHeader.Size + ExplicitNonceSize, plaintextLength);
        if (!TryOpen(_writeCipher, _writeIv, header, ownRecord, plaintext))
        {
            return OperationStatus.InvalidData;
        }

        written = Seal(header.ContentType, plaintext, record);
        return OperationStatus.Done;
    }

    private int Seal(byte contentType, ReadOnlySpan<byte> plaintext, Span<byte> record)
    {
        var header = new DtlsRecordHeader(contentType, DtlsRecordHeader.Dtls12, Epoch, _nextWriteSequence++, (ushort)(ExplicitNonceSize + plaintext.Length + TagSize));
        header.Write(record);
        Span<byte> explicitNonce = record.Slice(DtlsRecordHeader.Size, ExplicitNonceSize);
        BinaryPrimitives.WriteUInt64BigEndian(explicitNonce, header.EpochAndSequence);

        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> aad = stackalloc byte[AadSize];
        WriteNonce(nonce, _writeIv, explicitNonce);
        WriteAad(aad, header, plaintext.Length);

        int ciphertextAt = DtlsRecordHeader.Size + ExplicitNonceSize;
        _writeCipher.Encrypt(nonce, plaintext, record.Slice(ciphertextAt, plaintext.Length), record.Slice(ciphertextAt + plaintext.Length, TagSize), aad);
        return header.RecordLength;
    }
}
