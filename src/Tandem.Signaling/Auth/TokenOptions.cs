using System.Security.Cryptography;

namespace Tandem.Signaling.Auth;

/// <summary>
/// How join tokens are checked (the <c>Auth:*</c> settings): a JWT (RFC 7519) signed HS256 with
/// <see cref="Secret"/> or ES256 with the private half of <see cref="PublicKey"/>, or either when both are set.
/// </summary>
public sealed record TokenOptions
{
    /// <summary>Shortest HS256 secret accepted, in bytes (RFC 7518 §3.2: a key at least as long as the hash).</summary>
    public const int MinSecretBytes = 32;

    /// <summary>The HS256 shared secret (<c>Auth:Secret</c>, its UTF-8 bytes); null when not used.</summary>
    public byte[]? Secret { get; init; }

    /// <summary>The ES256 (P-256) public key (<c>Auth:PublicKeyPath</c>); null when not used.</summary>
    public ECDsa? PublicKey { get; init; }

    /// <summary>When set, a token's <c>iss</c> must equal it (<c>Auth:Issuer</c>).</summary>
    public string? Issuer { get; init; }

    /// <summary>Tolerance for clocks that disagree, applied to <c>exp</c> and <c>nbf</c> (<c>Auth:ClockSkewSeconds</c>).</summary>
    public TimeSpan ClockSkew { get; init; } = TimeSpan.FromSeconds(60);
}
