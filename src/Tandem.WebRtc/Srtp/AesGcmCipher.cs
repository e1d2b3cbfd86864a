using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Srtp;

/// <summary>
/// <c>SRTP_AEAD_AES_128_GCM</c> (RFC 7714): AES-GCM with a 12-byte IV built from the SSRC,
/// packet index and session salt, and a 16-byte tag.
/// </summary>
internal sealed class AesGcmCipher : SrtpCipher
{
    private const int Tag = 16;
    private const int RtcpHeaderLength = 8;

    private readonly AesGcm _gcm;
    private readonly byte[] _salt;

    public AesGcmCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt)
    {
        _gcm = new AesGcm(key, Tag);
        _salt = salt.ToArray();
    }

    public override int TagLength => Tag;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        // RFC 7714 §8.2: AAD = the RTP header (with CSRCs and extension); the tag follows the ciphertext.
        Span<byte> iv = stackalloc byte[12];
        WriteRtpIv(iv, ssrc, index);
        Span<byte> payload = packet[headerLength..length];
        _gcm.Encrypt(iv, payload, payload, packet.Slice(length, Tag), packet[..headerLength]);
    }

    public override bool UnprotectRtp(ReadOnlySpan<byte> source, Span<byte> destination, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[12];
        WriteRtpIv(iv, ssrc, index);
        if (!TryDecrypt(iv, source[headerLength..length], source.Slice(length, Tag), destination[headerLength..length], source[..headerLength]))
        {
            return false;
        }

        source[..headerLength].CopyTo(destination);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        // RFC 7714 §9.1: header | ciphertext | tag | E + SRTCP index; §9.2: AAD = header || E + index.
        uint indexWord = index | EncryptedFlag;
        Span<byte> iv = stackalloc byte[12];
        WriteRtcpIv(iv, ssrc, index);
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
        packet[..RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], indexWord);
        Span<byte> plaintext = packet[RtcpHeaderLength..length];
        _gcm.Encrypt(iv, plaintext, plaintext, packet.Slice(length, Tag), aad);
        BinaryPrimitives.WriteUInt32BigEndian(packet[(length + Tag)..], indexWord);
        return length + Tag + 4;
    }

    public override int RtcpIndexOffset(int srtcpLength) => srtcpLength - 4;

    public override bool UnprotectRtcp(ReadOnlySpan<byte> source, Span<byte> destination, int rtcpLength, uint ssrc, uint indexWord)
    {
        if ((indexWord & EncryptedFlag) == 0)
        {
            // RFC 7714 §9.3 authentication-only SRTCP is not supported: we never send it and
            // browsers do not either.
            return false;
        }

        Span<byte> iv = stackalloc byte[12];
        WriteRtcpIv(iv, ssrc, indexWord & SrtcpStream.IndexMask);
        Span<byte> aad = stackalloc byte[RtcpHeaderLength + 4];
        source[..RtcpHeaderLength].CopyTo(aad);
        BinaryPrimitives.WriteUInt32BigEndian(aad[RtcpHeaderLength..], indexWord);
        if (!TryDecrypt(iv, source[RtcpHeaderLength..rtcpLength], source.Slice(rtcpLength, Tag), destination[RtcpHeaderLength..rtcpLength], aad))
        {
            return false;
        }

        source[..RtcpHeaderLength].CopyTo(destination);
        return true;
    }

    public override void Dispose() => _gcm.Dispose();

    private bool TryDecrypt(ReadOnlySpan<byte> iv, ReadOnlySpan<byte> ciphertext, ReadOnlySpan<byte> tag, Span<byte> plaintext, ReadOnlySpan<byte> aad)
    {
        try
        {
            _gcm.Decrypt(iv, ciphertext, tag, plaintext, aad);
            return true;
        }
        catch (AuthenticationTagMismatchException)
        {
            // AesGcm has no non-throwing decrypt; a forged or damaged packet is a status, not an error.
            return false;
        }
    }

    // RFC 7714 §8.1: IV = (0x0000 || SSRC || ROC || SEQ) XOR salt.
    private void WriteRtpIv(Span<byte> iv, uint ssrc, ulong index)
    {
        iv[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        BinaryPrimitives.WriteUInt32BigEndian(iv[6..], (uint)(index >> 16));
        BinaryPrimitives.WriteUInt16BigEndian(iv[10..], (ushort)index);
        XorSalt(iv);
    }

    // RFC 7714 §9.1: IV = (0x0000 || SSRC || 0x0000 || 0 || SRTCP index) XOR salt.
    private void WriteRtcpIv(Span<byte> iv, uint ssrc, uint index)
    {
        iv[..2].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[2..], ssrc);
        iv[6..8].Clear();
        BinaryPrimitives.WriteUInt32BigEndian(iv[8..], index);
        XorSalt(iv);
    }

    private void XorSalt(Span<byte> iv)
    {
        for (int i = 0; i < iv.Length; i++)
        {
            iv[i] ^= _salt[i];
        }
    }
}
