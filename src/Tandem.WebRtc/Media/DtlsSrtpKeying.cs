using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Media;

/// <summary>Turns a finished DTLS handshake into the SRTP session of the media path (RFC 5764 §4.2).</summary>
internal static class DtlsSrtpKeying
{
    /// <summary>
    /// Maps the profile negotiated by the DTLS use_srtp extension to the SRTP profile with the same
    /// IANA code point (RFC 5764 §4.1.2, RFC 7714 §14.2).
    /// </summary>
    /// <exception cref="ArgumentOutOfRangeException">The profile has no SRTP implementation.</exception>
    public static SrtpProfile ToSrtpProfile(this DtlsSrtpProtectionProfile profile) => profile switch
    {
        DtlsSrtpProtectionProfile.Aes128CmHmacSha1Tag80 => SrtpProfile.Aes128CmHmacSha1_80,
        DtlsSrtpProtectionProfile.AeadAes128Gcm => SrtpProfile.AeadAes128Gcm,
        _ => throw new ArgumentOutOfRangeException(nameof(profile), profile, "No SRTP profile for this DTLS-SRTP profile."),
    };

    /// <summary>
    /// Builds the SRTP session from the keys exported by <paramref name="dtls"/>: the DTLS client
    /// protects with the client write key, the server with the server's.
    /// </summary>
    /// <exception cref="InvalidOperationException">The handshake has not finished or negotiated no SRTP profile.</exception>
    public static SrtpSession CreateSrtpSession(DtlsTransport dtls, SrtpOptions? options = null)
    {
        ArgumentNullException.ThrowIfNull(dtls);
        var keys = dtls.SrtpKeys ?? throw new InvalidOperationException("DTLS has not exported SRTP keys (handshake unfinished or no use_srtp).");
        return SrtpSession.FromDtlsKeyingMaterial(keys.Profile.ToSrtpProfile(), keys.KeyingMaterial.Span, dtls.Role == DtlsRole.Client, options);
    }
}
