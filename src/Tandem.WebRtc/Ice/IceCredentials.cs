using System.Security.Cryptography;

namespace Tandem.WebRtc.Ice;

/// <summary>
/// ICE username fragment and password (RFC 8839 §5.4: <c>ice-ufrag</c> 4–256 and <c>ice-pwd</c>
/// 22–256 ice-chars).
/// </summary>
/// <param name="Ufrag">The username fragment.</param>
/// <param name="Password">The password.</param>
public sealed record IceCredentials(string Ufrag, string Password)
{
    /// <summary>RFC 8839 §5.4: ice-char = ALPHA / DIGIT / "+" / "/".</summary>
    private const string IceChars = "ABCDEFGHIJKLMNOPQRSTUVWXYZabcdefghijklmnopqrstuvwxyz0123456789+/";

    /// <summary>Fresh random credentials: 8-char ufrag (48 bits), 24-char password (144 bits).</summary>
    public static IceCredentials Generate() =>
        new(RandomNumberGenerator.GetString(IceChars, 8), RandomNumberGenerator.GetString(IceChars, 24));

    /// <summary>The password as a MESSAGE-INTEGRITY key (RFC 8489 §9.1.1).</summary>
    internal byte[] Key { get; } = System.Text.Encoding.UTF8.GetBytes(Password);

    /// <summary>Equal when ufrag and password are (the cached key is not part of the value).</summary>
    public bool Equals(IceCredentials? other) =>
        other is not null && Ufrag == other.Ufrag && Password == other.Password;

    /// <inheritdoc />
    public override int GetHashCode() => HashCode.Combine(Ufrag, Password);
}
