namespace Tandem.WebRtc.Srtp;

/// <summary>
/// The cryptographic transform of one profile under one set of session keys (those of SRTP
/// or those of SRTCP). Packet parsing, indices and replay are the <see cref="SrtpContext"/>'s.
/// </summary>
internal abstract class SrtpCipher : IDisposable
{
    /// <summary>E flag of the SRTCP index word: the payload is encrypted (RFC 3711 §3.4).</summary>
    public const uint EncryptedFlag = 0x8000_0000;

    public abstract int TagLength { get; }

    /// <summary>Encrypts <c>packet[headerLength..length]</c> in place and writes the tag at <c>packet[length..]</c>.</summary>
    public abstract void ProtectRtp(Span<byte> packet, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>
    /// Checks the tag at <c>source[length..]</c>, then writes the header and decrypted payload of
    /// <c>source[..length]</c> to <paramref name="destination"/> (the same memory or disjoint).
    /// </summary>
    public abstract bool UnprotectRtp(ReadOnlySpan<byte> source, Span<byte> destination, int headerLength, int length, uint ssrc, ulong index);

    /// <summary>Turns <c>packet[..length]</c> into an SRTCP packet in place; returns its length.</summary>
    public abstract int ProtectRtcp(Span<byte> packet, int length, uint ssrc, uint index);

    /// <summary>Where the E flag and SRTCP index sit in an SRTCP packet of this length.</summary>
    public abstract int RtcpIndexOffset(int srtcpLength);

    /// <summary>
    /// Checks an SRTCP packet whose RTCP part is <c>source[..rtcpLength]</c> and writes the RTCP
    /// packet to <paramref name="destination"/>.
    /// </summary>
    public abstract bool UnprotectRtcp(ReadOnlySpan<byte> source, Span<byte> destination, int rtcpLength, uint ssrc, uint indexWord);

    public abstract void Dispose();

    /// <summary>Derives the session keys for SRTP or SRTCP (RFC 3711 §4.3) and builds the transform.</summary>
    public static SrtpCipher Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool rtcp)
    {
        using var prf = new AesCounterMode(masterKey);
        Span<byte> key = stackalloc byte[profile.MasterKeyLength()];
        Span<byte> salt = stackalloc byte[profile.MasterSaltLength()];
        SrtpKeyDerivation.Derive(prf, masterSalt, rtcp ? SrtpKeyDerivation.RtcpEncryption : SrtpKeyDerivation.RtpEncryption, key);
        SrtpKeyDerivation.Derive(prf, masterSalt, rtcp ? SrtpKeyDerivation.RtcpSalt : SrtpKeyDerivation.RtpSalt, salt);
        if (profile == SrtpProfile.AeadAes128Gcm)
        {
            return new AesGcmCipher(key, salt);
        }

        // RFC 3711 §8.2 / RFC 5764 §4.1.2: 160-bit session authentication key.
        Span<byte> authKey = stackalloc byte[AesCmHmacCipher.AuthKeyLength];
        SrtpKeyDerivation.Derive(prf, masterSalt, rtcp ? SrtpKeyDerivation.RtcpAuthentication : SrtpKeyDerivation.RtpAuthentication, authKey);
        return new AesCmHmacCipher(key, salt, authKey);
    }
}
