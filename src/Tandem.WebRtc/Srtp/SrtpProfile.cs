namespace Tandem.WebRtc.Srtp;

/// <summary>
/// An SRTP protection profile as negotiated by the DTLS <c>use_srtp</c> extension
/// (RFC 5764 §4.1.2, RFC 7714 §14.2). The value is the profile's two-byte identifier.
/// </summary>
internal enum SrtpProfile : ushort
{
    /// <summary><c>SRTP_AES128_CM_HMAC_SHA1_80</c> {0x00, 0x01}: AES-128 counter mode, HMAC-SHA1 tag truncated to 80 bits.</summary>
    Aes128CmHmacSha1_80 = 0x0001,

    /// <summary><c>SRTP_AEAD_AES_128_GCM</c> {0x00, 0x07}: AES-128-GCM with a 16-byte tag.</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key, salt and tag sizes of each <see cref="SrtpProfile"/>.</summary>
internal static class SrtpProfileExtensions
{
    /// <summary>Whether this implementation supports the profile.</summary>
    public static bool IsSupported(this SrtpProfile profile) =>
        profile is SrtpProfile.Aes128CmHmacSha1_80 or SrtpProfile.AeadAes128Gcm;

    /// <summary>Master key length in bytes (RFC 5764 §4.1.2, RFC 7714 §14.2: 128 bits for both).</summary>
    public static int MasterKeyLength(this SrtpProfile profile)
    {
        _ = Check(profile);
        return 16;
    }

    /// <summary>Master salt length in bytes: 112 bits for AES-CM (RFC 3711 §8.2), 96 bits for GCM (RFC 7714 §14.2).</summary>
    public static int MasterSaltLength(this SrtpProfile profile) =>
        Check(profile) == SrtpProfile.AeadAes128Gcm ? 12 : 14;

    /// <summary>Authentication tag length in bytes: 10 (HMAC-SHA1-80) or 16 (GCM).</summary>
    public static int AuthTagLength(this SrtpProfile profile) =>
        Check(profile) == SrtpProfile.AeadAes128Gcm ? 16 : 10;

    /// <summary>Bytes SRTP adds to an RTP packet (the tag; no MKI is used).</summary>
    public static int RtpOverhead(this SrtpProfile profile) => profile.AuthTagLength();

    /// <summary>Bytes SRTCP adds to an RTCP packet: the tag plus the 4-byte E flag and SRTCP index.</summary>
    public static int RtcpOverhead(this SrtpProfile profile) => profile.AuthTagLength() + 4;

    /// <summary>
    /// Length of the DTLS exporter output the profile needs: 2 * (key + salt) (RFC 5764 §4.2).
    /// </summary>
    public static int KeyingMaterialLength(this SrtpProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());

    private static SrtpProfile Check(SrtpProfile profile) => profile.IsSupported()
        ? profile
        : throw new ArgumentOutOfRangeException(nameof(profile), profile, "Unsupported SRTP protection profile.");
}
