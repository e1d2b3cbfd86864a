namespace Tandem.WebRtc.Srtp;

/// <summary>
/// The SRTP key derivation function (RFC 3711 §4.3) with the AES-CM PRF (§4.3.3) and
/// key_derivation_rate 0, so each session key is derived once from the master key and salt.
/// </summary>
internal static class SrtpKeyDerivation
{
    // RFC 3711 §4.3.1/§4.3.2: the label of each derived key.
    public const byte RtpEncryption = 0x00;
    public const byte RtpAuthentication = 0x01;
    public const byte RtpSalt = 0x02;
    public const byte RtcpEncryption = 0x03;
    public const byte RtcpAuthentication = 0x04;
    public const byte RtcpSalt = 0x05;

    /// <summary>
    /// Writes the session key for <paramref name="label"/> to <paramref name="output"/> (its
    /// length is the key length wanted), using <paramref name="prf"/> keyed with the master key.
    /// </summary>
    public static void Derive(AesCounterMode prf, ReadOnlySpan<byte> masterSalt, byte label, Span<byte> output)
    {
        // RFC 3711 §4.3.1: x = key_id XOR master_salt, key_id = label || r (r = 0 when the
        // rate is 0); key_id is 56 bits aligned right in the 112-bit salt, so the label lands
        // on byte 7. The PRF IV is x * 2^16. RFC 7714 §12: a 96-bit GCM master salt is used
        // the same way, padded with zeros to 112 bits (as libsrtp does).
        Span<byte> iv = stackalloc byte[16];
        iv.Clear();
        masterSalt.CopyTo(iv);
        iv[7] ^= label;
        output.Clear();
        prf.Transform(iv, output, output);
    }
}
