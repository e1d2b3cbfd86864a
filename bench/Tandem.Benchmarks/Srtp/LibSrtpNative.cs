using System.Runtime.InteropServices;
using Tandem.WebRtc.Srtp;

namespace Tandem.Benchmarks.Srtp;

/// <summary>
/// Benchmark-only P/Invoke binding of libsrtp 2.x (Debian libsrtp2-1), the baseline our SRTP
/// is measured against. Layouts follow libsrtp 2.5's srtp.h on LP64.
/// </summary>
internal static unsafe partial class LibSrtpNative
{
    public const string Library = "libsrtp2.so.1";

    /// <summary>srtp_protect may write the tag and an MKI after the packet: SRTP_MAX_TRAILER_LEN.</summary>
    public const int MaxTrailer = 16 + 128;

    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    // srtp_init may run once per process: a second call fails with srtp_err_status_bad_param.
    private static readonly int InitStatus = srtp_init();

    [StructLayout(LayoutKind.Sequential)]
    public struct CryptoPolicy
    {
        public int CipherType;
        public int CipherKeyLength;
        public int AuthType;
        public int AuthKeyLength;
        public int AuthTagLength;
        public int SecurityServices;
    }

    [StructLayout(LayoutKind.Sequential)]
    public struct Policy
    {
        public int SsrcType;
        public uint SsrcValue;
        public CryptoPolicy Rtp;
        public CryptoPolicy Rtcp;
        public byte* Key;
        public nint Keys;
        public nuint NumMasterKeys;
        public nint DeprecatedEkt;
        public nuint WindowSize;
        public int AllowRepeatTx;
        public nint EncryptedExtensionHeaders;
        public int EncryptedExtensionHeaderCount;
        public nint Next;
    }

    [LibraryImport(Library)]
    private static partial int srtp_init();

    [LibraryImport(Library)]
    public static partial int srtp_create(nint* session, Policy* policy);

    [LibraryImport(Library)]
    public static partial int srtp_dealloc(nint session);

    [LibraryImport(Library)]
    public static partial int srtp_protect(nint session, byte* packet, int* length);

    [LibraryImport(Library)]
    public static partial int srtp_unprotect(nint session, byte* packet, int* length);

    // srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 is a macro for these two in libsrtp 2.x.
    [LibraryImport(Library)]
    public static partial void srtp_crypto_policy_set_rtp_default(CryptoPolicy* policy);

    [LibraryImport(Library)]
    public static partial void srtp_crypto_policy_set_rtcp_default(CryptoPolicy* policy);

    [LibraryImport(Library)]
    public static partial void srtp_crypto_policy_set_aes_gcm_128_16_auth(CryptoPolicy* policy);

    /// <summary>Creates a libsrtp session for any outbound or any inbound SSRC.</summary>
    public static nint Create(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool outbound)
    {
        int status = InitStatus;
        if (status != 0)
        {
            throw new InvalidOperationException($"srtp_init failed: {status}");
        }

        byte[] key = [.. masterKey, .. masterSalt];
        Policy policy = default;
        if (profile == SrtpProfile.AeadAes128Gcm)
        {
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.Rtp);
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy.Rtcp);
        }
        else
        {
            srtp_crypto_policy_set_rtp_default(&policy.Rtp);
            srtp_crypto_policy_set_rtcp_default(&policy.Rtcp);
        }

        policy.SsrcType = outbound ? SsrcAnyOutbound : SsrcAnyInbound;
        policy.WindowSize = 1024;
        nint session;
        fixed (byte* keyPointer = key)
        {
            policy.Key = keyPointer;
            status = srtp_create(&session, &policy);
        }

        return status == 0 ? session : throw new InvalidOperationException($"srtp_create failed: {status}");
    }
}
