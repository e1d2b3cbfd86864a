using System.Buffers.Binary;
using System.Security.Cryptography;

namespace Tandem.WebRtc.Srtp;

/// <summary>
/// <c>SRTP_AES128_CM_HMAC_SHA1_80</c>: AES-CM encryption (RFC 3711 §4.1.1) and HMAC-SHA1
/// authentication truncated to 80 bits (RFC 3711 §4.2.1).
/// </summary>
/// <remarks>Not thread-safe: the counter-mode scratch buffers and the HMAC state are shared.</remarks>
internal sealed class AesCmHmacCipher : SrtpCipher
{
    public const int AuthKeyLength = 20;
    private const int Tag = 10;
    private const int RtcpHeaderLength = 8;

    private readonly AesCounterMode _ctr;
    private readonly IncrementalHash _hmac;
    private readonly byte[] _salt;

    public AesCmHmacCipher(ReadOnlySpan<byte> key, ReadOnlySpan<byte> salt, ReadOnlySpan<byte> authKey)
    {
        _ctr = new AesCounterMode(key);
        _hmac = IncrementalHash.CreateHMAC(HashAlgorithmName.SHA1, authKey);
        _salt = salt.ToArray();
    }

    public override int TagLength => Tag;

    public override void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> iv = stackalloc byte[16];
        WriteIv(iv, ssrc, index);
        Span<byte> payload = packet[headerLength..length];
        _ctr.Transform(iv, payload, payload);
        Authenticate(packet[..length], (uint)(index >> 16), packet.Slice(length, Tag));
    }

    public override bool UnprotectRtp(ReadOnlySpan<byte> source, Span<byte> destination, int headerLength, int length, uint ssrc, ulong index)
    {
        Span<byte> tag = stackalloc byte[Tag];
        Authenticate(source[..length], (uint)(index >> 16), tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, source.Slice(length, Tag)))
        {
            return false;
        }

        Span<byte> iv = stackalloc byte[16];
        WriteIv(iv, ssrc, index);
        source[..headerLength].CopyTo(destination);
        _ctr.Transform(iv, source[headerLength..length], destination[headerLength..length]);
        return true;
    }

    public override int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index)
    {
        // RFC 3711 §3.4: header | encrypted portion | E + SRTCP index | tag; the tag covers
        // everything before it (§4.2), the IV uses the SRTCP index in place of i (§4.1.1).
        Span<byte> iv = stackalloc byte[16];
        WriteIv(iv, ssrc, index);
        Span<byte> encrypted = packet[RtcpHeaderLength..length];
        _ctr.Transform(iv, encrypted, encrypted);
        BinaryPrimitives.WriteUInt32BigEndian(packet[length..], index | EncryptedFlag);
        Authenticate(packet[..(length + 4)], null, packet.Slice(length + 4, Tag));
        return length + 4 + Tag;
    }

    public override int RtcpIndexOffset(int srtcpLength) => srtcpLength - Tag - 4;

    public override bool UnprotectRtcp(ReadOnlySpan<byte> source, Span<byte> destination, int rtcpLength, uint ssrc, uint indexWord)
    {
        Span<byte> tag = stackalloc byte[Tag];
        Authenticate(source[..(rtcpLength + 4)], null, tag);
        if (!CryptographicOperations.FixedTimeEquals(tag, source.Slice(rtcpLength + 4, Tag)))
        {
            return false;
        }

        if ((indexWord & EncryptedFlag) == 0)
        {
            // RFC 3711 §3.4: E = 0 means the sender only authenticated the packet.
            source[..rtcpLength].CopyTo(destination);
            return true;
        }

        Span<byte> iv = stackalloc byte[16];
        WriteIv(iv, ssrc, indexWord & SrtcpStream.IndexMask);
        source[..RtcpHeaderLength].CopyTo(destination);
        _ctr.Transform(iv, source[RtcpHeaderLength..rtcpLength], destination[RtcpHeaderLength..rtcpLength]);
        return true;
    }

    public override void Dispose()
    {
        _ctr.Dispose();
        _hmac.Dispose();
    }

    // RFC 3711 §4.1.1: IV = (k_s * 2^16) XOR (SSRC * 2^64) XOR (i * 2^16).
    private void WriteIv(Span<byte> iv, uint ssrc, ulong index)
    {
        iv.Clear();
        _salt.CopyTo(iv);
        BinaryPrimitives.WriteUInt32BigEndian(iv[4..], BinaryPrimitives.ReadUInt32BigEndian(iv[4..]) ^ ssrc);
        ulong low = BinaryPrimitives.ReadUInt64BigEndian(iv[8..]) ^ (index << 16);
        BinaryPrimitives.WriteUInt64BigEndian(iv[8..], low);
    }

    // RFC 3711 §4.2: tag = HMAC-SHA1(k_a, M) truncated, with M = packet || ROC for SRTP
    // and M = packet || E || SRTCP index for SRTCP (already in the packet).
    private void Authenticate(ReadOnlySpan<byte> packet, uint? roc, Span<byte> tag)
    {
        _hmac.AppendData(packet);
        if (roc is uint value)
        {
            Span<byte> rocBytes = stackalloc byte[4];
            BinaryPrimitives.WriteUInt32BigEndian(rocBytes, value);
            _hmac.AppendData(rocBytes);
        }

        Span<byte> mac = stackalloc byte[20];
        _hmac.GetHashAndReset(mac);
        mac[..Tag].CopyTo(tag);
    }
}
