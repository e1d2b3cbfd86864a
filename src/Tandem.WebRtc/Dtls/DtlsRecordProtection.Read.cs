using System.Security.Cryptography;

namespace Tandem.WebRtc.Dtls;

internal sealed partial class DtlsRecordProtection
{
    /// <summary>
    /// Checks and decrypts the record at the start of <paramref name="record"/> (bytes after it are
    /// ignored) into <paramref name="plaintext"/>. Never throws on network input: anything but an
    /// authentic, new record of this epoch is reported and leaves the replay window unchanged.
    /// </summary>
    /// <param name="record">One received record, header first.</param>
    /// <param name="plaintext">Receives the plaintext (at most 2^14 bytes).</param>
    /// <param name="header">The parsed header, when there was one.</param>
    /// <param name="written">Plaintext bytes written, when Ok.</param>
    public DtlsRecordStatus Unprotect(ReadOnlySpan<byte> record, Span<byte> plaintext, out DtlsRecordHeader header, out int written)
    {
        written = 0;
        if (!DtlsRecordHeader.TryParse(record, out header) || header.Version != DtlsRecordHeader.Dtls12
            || header.Length < ExplicitNonceSize + TagSize)
        {
            return DtlsRecordStatus.Malformed;
        }

        if (header.Epoch != Epoch)
        {
            return DtlsRecordStatus.WrongEpoch;
        }

        int plaintextLength = header.Length - ExplicitNonceSize - TagSize;
        if (plaintextLength > MaxPlaintextLength || plaintextLength > plaintext.Length)
        {
            return DtlsRecordStatus.Malformed;
        }

        // RFC 6347 §4.1.2.6: reject replays before spending a decryption, mark only authentic records.
        if (!_replayWindow.IsFresh(header.SequenceNumber))
        {
            return DtlsRecordStatus.Replayed;
        }

        if (!TryOpen(_readCipher, _readIv, header, record, plaintext[..plaintextLength]))
        {
            return DtlsRecordStatus.Forged;
        }

        _replayWindow.Mark(header.SequenceNumber);
        written = plaintextLength;
        return DtlsRecordStatus.Ok;
    }

    private static bool TryOpen(AesGcm cipher, uint implicitIv, in DtlsRecordHeader header, ReadOnlySpan<byte> record, Span<byte> plaintext)
    {
        ReadOnlySpan<byte> fragment = record.Slice(DtlsRecordHeader.Size, header.Length);
        Span<byte> nonce = stackalloc byte[NonceSize];
        Span<byte> aad = stackalloc byte[AadSize];
        WriteNonce(nonce, implicitIv, fragment[..ExplicitNonceSize]);
        WriteAad(aad, header, plaintext.Length);
        try
        {
            cipher.Decrypt(nonce, fragment.Slice(ExplicitNonceSize, plaintext.Length), fragment[^TagSize..], plaintext, aad);
            return true;
        }
        catch (CryptographicException)
        {
            // AuthenticationTagMismatchException: tampered or foreign. Rare, so the exception's cost is fine here.
            return false;
        }
    }
}
