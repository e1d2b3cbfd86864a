using System.Security.Claims;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;

namespace Tandem.Server.Tests.Auth;

/// <summary>HS256 join tokens for the server tests, signed as an account service would.</summary>
internal static class JoinTokens
{
    public const string Secret = "server-test secret: 32 bytes or more, for HS256";

    public static string For(string deviceId, string secret = Secret, TimeSpan? ttl = null) =>
        new JsonWebTokenHandler().CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", deviceId)]),
            Expires = DateTime.UtcNow + (ttl ?? TimeSpan.FromHours(1)),
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(System.Text.Encoding.UTF8.GetBytes(secret)), SecurityAlgorithms.HmacSha256),
        });
}
