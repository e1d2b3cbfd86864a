namespace Tandem.WebRtc.Dtls;

/// <summary>
/// SRTP protection profiles negotiated with the DTLS use_srtp extension
/// (RFC 5764 §4.1.2, RFC 7714 §14.2 for the AEAD profile). Values are the IANA code points.
/// </summary>
public enum DtlsSrtpProtectionProfile
{
    /// <summary>SRTP_AES128_CM_HMAC_SHA1_80 (0x0001): 128-bit key, 112-bit salt.</summary>
    Aes128CmHmacSha1Tag80 = 0x0001,

    /// <summary>SRTP_AEAD_AES_128_GCM (0x0007): 128-bit key, 96-bit salt.</summary>
    AeadAes128Gcm = 0x0007,
}

/// <summary>Key and salt sizes of each <see cref="DtlsSrtpProtectionProfile"/>.</summary>
internal static class DtlsSrtpProtectionProfileExtensions
{
    /// <summary>Master key length in bytes (RFC 5764 §4.1.2; RFC 7714 §12).</summary>
    public static int MasterKeyLength(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80 => 16,
        DtlsSrtpProtectionProfile.AeadAes128Gcm => 16,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Master salt length in bytes (RFC 5764 §4.1.2: 112 bits; RFC 7714 §12: 96 bits).</summary>
    public static int MasterSaltLength(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80 => 14,
        DtlsSrtpProtectionProfile.AeadAes128Gcm => 12,
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>The profile's registered name (<c>AEAD_AES_128_GCM</c>), as W3C stats' srtpCipher.</summary>
    public static string Name(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80 => "AES_CM_128_HMAC_SHA1_80",
        DtlsSrtpProtectionProfile.AeadAes128Gcm => "AEAD_AES_128_GCM",
        _ => throw new ArgumentOutOfRangeException(nameof(profile)),
    };

    /// <summary>Length of the "EXTRACTOR-dtls_srtp" export: 2 * (key + salt) (RFC 5764 §4.2).</summary>
    public static int KeyingMaterialLength(this DtlsSrtpProtectionProfile profile) =>
        2 * (profile.MasterKeyLength() + profile.MasterSaltLength());
}
