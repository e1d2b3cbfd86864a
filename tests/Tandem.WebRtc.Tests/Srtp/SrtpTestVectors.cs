namespace Tandem.WebRtc.Tests.Srtp;

/// <summary>Published test vectors, as hex text copied from the RFCs.</summary>
internal static class SrtpTestVectors
{
    // RFC 3711 Appendix B.2: AES-CM keystream, SSRC 0, ROC 0, SEQ 0.
    public const string B2SessionKey = "2B7E151628AED2A6ABF7158809CF4F3C";
    public const string B2SessionSalt = "F0F1F2F3F4F5F6F7F8F9FAFBFCFD";
    public const int B2KeystreamBlocks = 65282;

    public static readonly (int Block, string Keystream)[] B2Blocks =
    [
        (0x0000, "E03EAD0935C95E80E166B16DD92B4EB4"),
        (0x0001, "D23513162B02D0F72A43A2FE4A5F97AB"),
        (0x0002, "41E95B3BB0A2E8DD477901E4FCA894C0"),
        (0xFEFF, "EC8CDF7398607CB0F2D21675EA9EA1E4"),
        (0xFF00, "362B7C3C6773516318A077D7FC5073AE"),
        (0xFF01, "6A2CC3787889374FBEB4C81B17BA6C44"),
    ];

    // RFC 3711 Appendix B.3: key derivation, key_derivation_rate 0.
    public const string B3MasterKey = "E1F97A0D3E018BE0D64FA32C06DE4139";
    public const string B3MasterSalt = "0EC675AD498AFEEBB6960B3AABE6";
    public const string B3CipherKey = "C61E7A93744F39EE10734AFE3FF7A087";
    public const string B3CipherSalt = "30CBBC08863D8C85D49DB34A9AE1";
    public const string B3AuthKey = "CEBE321F6FF7716B6FD4AB49AF256A156D38BAA4";

    // RFC 7714 §16.1 and §17.1: AEAD_AES_128_GCM with session key and salt given directly.
    public const string GcmKey = "000102030405060708090a0b0c0d0e0f";
    public const string GcmSalt = "517569642070726f2071756f";

    // §16.1.1: RTP packet, SSRC 0x5501a0b2, SEQ 0xf17b, ROC 0, and its SRTP form.
    public const string GcmRtp =
        "8040f17b 8041f8d3 5501a0b2 47616c6c 69612065 7374206f 6d6e6973 20646976 69736120 696e2070 61727465 73207472 6573";

    public const string GcmSrtp =
        "8040f17b 8041f8d3 5501a0b2 f24de3a3 fb34de6c acba861c 9d7e4bca be633bd5 0d294e6f 42a5f47a 51c7d19b 36de3adf 8833" +
        "899d7f27 beb16a91 52cf765e e4390cce";

    // §17.1.1: RTCP packet, SSRC 0x4d617273, SRTCP index 0x5d4, and its SRTCP form.
    public const uint GcmRtcpIndex = 0x5d4;

    public const string GcmRtcp =
        "81c8000d 4d617273 4e545031 4e545032 52545020 0000042a 0000e930 4c756e61 deadbeef deadbeef deadbeef deadbeef deadbeef";

    public const string GcmSrtcp =
        "81c8000d 4d617273 63e94885 dcdab67c a727d766 2f6b7e99 7ff5c0f7 6c06f32d c676a5f1 730d6fda 4ce09b46 86303ded 0bb9275b c84aa458" +
        "96cf4d2f c5abf872 45d9eade 800005d4";

    public static byte[] Hex(string hex) => Convert.FromHexString(hex.Replace(" ", "", StringComparison.Ordinal));
}
