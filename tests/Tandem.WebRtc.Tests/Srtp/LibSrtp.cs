using System.Runtime.InteropServices;
using Tandem.WebRtc.Srtp;

namespace Tandem.WebRtc.Tests.Srtp;

/// <summary>
/// Test-only P/Invoke binding of libsrtp 2.x (Debian libsrtp2-1), the reference SRTP
/// implementation our contexts are checked against. Layouts follow libsrtp 2.5's srtp.h on
/// LP64 (long and pointers are 8 bytes).
/// </summary>
internal static unsafe partial class LibSrtp
{
    public const string Library = "libsrtp2.so.1";

    /// <summary>srtp_protect may write the tag and an MKI after the packet: SRTP_MAX_TRAILER_LEN.</summary>
    public const int MaxTrailer = 16 + 128;

    public const int StatusOk = 0;
    public const int SsrcAnyInbound = 2;
    public const int SsrcAnyOutbound = 3;

    private static readonly int InitStatus = srtp_init();

    public static int Init() => InitStatus;

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

    [LibraryImport(Library)]
    public static partial int srtp_protect_rtcp(nint session, byte* packet, int* length);

    [LibraryImport(Library)]
    public static partial int srtp_unprotect_rtcp(nint session, byte* packet, int* length);

    // srtp_crypto_policy_set_aes_cm_128_hmac_sha1_80 is a macro for these two in libsrtp 2.x.
    [LibraryImport(Library)]
    public static partial void srtp_crypto_policy_set_rtp_default(CryptoPolicy* policy);

    [LibraryImport(Library)]
    public static partial void srtp_crypto_policy_set_rtcp_default(CryptoPolicy* policy);

    [LibraryImport(Library)]
    public static partial void srtp_crypto_policy_set_aes_gcm_128_16_auth(CryptoPolicy* policy);

    /// <summary>Sets both crypto policies of <paramref name="policy"/> for a DTLS-SRTP profile.</summary>
    public static void SetProfile(Policy* policy, SrtpProfile profile)
    {
        if (profile == SrtpProfile.AeadAes128Gcm)
        {
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->Rtp);
            srtp_crypto_policy_set_aes_gcm_128_16_auth(&policy->Rtcp);
        }
        else
        {
            srtp_crypto_policy_set_rtp_default(&policy->Rtp);
            srtp_crypto_policy_set_rtcp_default(&policy->Rtcp);
        }
    }
}

/// <summary>One libsrtp session for one direction (any outbound or any inbound SSRC).</summary>
internal sealed unsafe class LibSrtpSession : IDisposable
{
    private nint _session;

    public LibSrtpSession(SrtpProfile profile, ReadOnlySpan<byte> masterKey, ReadOnlySpan<byte> masterSalt, bool outbound, int windowSize = 1024)
    {
        int initStatus = LibSrtp.Init();
        if (initStatus != LibSrtp.StatusOk)
        {
            throw new InvalidOperationException($"srtp_init failed: {initStatus}");
        }

        // libsrtp reads the master key followed by the master salt from one buffer.
        byte[] key = [.. masterKey, .. masterSalt];
        LibSrtp.Policy policy = default;
        LibSrtp.SetProfile(&policy, profile);
        policy.SsrcType = outbound ? LibSrtp.SsrcAnyOutbound : LibSrtp.SsrcAnyInbound;
        policy.WindowSize = (nuint)windowSize;
        nint session;
        int status;
        fixed (byte* keyPointer = key)
        {
            policy.Key = keyPointer;
            status = LibSrtp.srtp_create(&session, &policy);
        }

        if (status != LibSrtp.StatusOk)
        {
            throw new InvalidOperationException($"srtp_create failed: {status}");
        }

        _session = session;
    }

    /// <summary>Protects <c>buffer[..length]</c> in place; buffer needs <see cref="LibSrtp.MaxTrailer"/> spare bytes.</summary>
    public int ProtectRtp(byte[] buffer, ref int length) => Call(buffer, ref length, &LibSrtp.srtp_protect);

    public int UnprotectRtp(byte[] buffer, ref int length) => Call(buffer, ref length, &LibSrtp.srtp_unprotect);

    public int ProtectRtcp(byte[] buffer, ref int length) => Call(buffer, ref length, &LibSrtp.srtp_protect_rtcp);

    public int UnprotectRtcp(byte[] buffer, ref int length) => Call(buffer, ref length, &LibSrtp.srtp_unprotect_rtcp);

    public void Dispose()
    {
        if (_session != 0)
        {
            _ = LibSrtp.srtp_dealloc(_session);
            _session = 0;
        }
    }

    private int Call(byte[] buffer, ref int length, delegate*<nint, byte*, int*, int> function)
    {
        ObjectDisposedException.ThrowIf(_session == 0, this);
        int inOut = length;
        int status;
        fixed (byte* packet = buffer)
        {
            status = function(_session, packet, &inOut);
        }

        length = inOut;
        return status;
    }
}
