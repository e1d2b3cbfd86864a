using System.Security.Cryptography;
using System.Text;

namespace Tandem.WebRtc.Stun;

/// <summary>Keys for MESSAGE-INTEGRITY (RFC 8489 §9).</summary>
internal static class StunCredentials
{
    /// <summary>
    /// Short-term credential key (RFC 8489 §9.1.1): the password itself, UTF-8. ICE passwords are
    /// ice-chars only (RFC 8839 §5.4), so OpaqueString processing changes nothing.
    /// </summary>
    public static byte[] ShortTermKey(string password) => Encoding.UTF8.GetBytes(password);

    /// <summary>
    /// Long-term credential key (RFC 8489 §9.2.2, MD5 algorithm):
    /// MD5(username ":" realm ":" password), inputs already processed by the caller.
    /// </summary>
    public static byte[] LongTermKey(string username, string realm, string password)
    {
#pragma warning disable CA5351 // RFC 8489 §9.2.2 mandates MD5 for this key; it is not used as a hash of secrets at rest.
        return MD5.HashData(Encoding.UTF8.GetBytes($"{username}:{realm}:{password}"));
#pragma warning restore CA5351
    }
}
