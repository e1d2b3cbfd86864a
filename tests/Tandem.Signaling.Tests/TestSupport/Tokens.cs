using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tandem.Signaling.Auth;

namespace Tandem.Signaling.Tests.TestSupport;

/// <summary>Join tokens as an account service would mint them, on the test's clock.</summary>
internal static class Tokens
{
    public static readonly byte[] Secret = Encoding.UTF8.GetBytes("a test secret of at least 32 bytes, no more");

    public static TokenOptions HmacOptions(string? issuer = null) => new() { Secret = Secret, Issuer = issuer };

    public static Func<TimeProvider, IJoinAuthorizer> Hmac(string? issuer = null) => time => new TokenAuthorizer(HmacOptions(issuer), time);

    /// <summary>An HS256 token for <paramref name="subject"/>, valid from <paramref name="notBefore"/> (default: now) for <paramref name="ttl"/>.</summary>
    public static string For(string subject, TimeProvider time, TimeSpan? ttl = null, byte[]? secret = null, DateTimeOffset? notBefore = null, string? issuer = null)
    {
        var now = time.GetUtcNow();
        return Create(
            new SymmetricSecurityKey(secret ?? Secret),
            SecurityAlgorithms.HmacSha256,
            subject,
            (notBefore ?? now).UtcDateTime,
            (now + (ttl ?? TimeSpan.FromHours(1))).UtcDateTime,
            issuer);
    }

    /// <summary>An ES256 token signed with <paramref name="key"/>'s private half.</summary>
    public static string Es256(string subject, TimeProvider time, ECDsa key)
    {
        var now = time.GetUtcNow().UtcDateTime;
        return Create(new ECDsaSecurityKey(key), SecurityAlgorithms.EcdsaSha256, subject, now, now.AddHours(1), null);
    }

    /// <summary>An HS256 token with no <c>exp</c>.</summary>
    public static string WithoutExpiry(string subject) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new System.Security.Claims.ClaimsIdentity([new System.Security.Claims.Claim("sub", subject)]),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(Secret), SecurityAlgorithms.HmacSha256),
        });

    private static string Create(SecurityKey key, string algorithm, string subject, DateTime notBefore, DateTime expires, string? issuer) =>
        new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Claims = new Dictionary<string, object> { ["sub"] = subject },
            NotBefore = notBefore,
            IssuedAt = notBefore,
            Expires = expires,
            Issuer = issuer,
            SigningCredentials = new SigningCredentials(key, algorithm),
        });
}
