using System.Security.Cryptography;
using System.Text;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Turn;

/// <summary>
/// Issues short-lived TURN credentials in the "TURN REST API" scheme that coturn's
/// <c>use-auth-secret</c> / <c>static-auth-secret</c> checks: the username is
/// <c>&lt;unix time of expiry&gt;:&lt;device id&gt;</c> and the password base64(HMAC-SHA1(secret, username)).
/// The TURN server needs only the shared secret; nothing is stored per user, and a leaked password stops
/// working at its expiry.
/// </summary>
public sealed class TurnCredentialIssuer
{
    private readonly byte[] _secret;

    /// <summary>Creates an issuer for <paramref name="urls"/> with the secret shared with the TURN server.</summary>
    /// <exception cref="ArgumentException">No URL, an empty secret, or a lifetime under a minute.</exception>
    public TurnCredentialIssuer(IReadOnlyList<string> urls, string secret, TimeSpan lifetime)
    {
        ArgumentNullException.ThrowIfNull(urls);
        ArgumentException.ThrowIfNullOrEmpty(secret);
        if (urls.Count == 0)
        {
            throw new ArgumentException("At least one TURN URL is needed.", nameof(urls));
        }

        ArgumentOutOfRangeException.ThrowIfLessThan(lifetime, TimeSpan.FromMinutes(1));
        Urls = urls;
        Lifetime = lifetime;
        _secret = Encoding.UTF8.GetBytes(secret);
    }

    /// <summary>The URLs handed out with every credential.</summary>
    public IReadOnlyList<string> Urls { get; }

    /// <summary>How long a credential is valid from its issue.</summary>
    public TimeSpan Lifetime { get; }

    /// <summary>Credentials for <paramref name="deviceId"/>, valid until <paramref name="now"/> + <see cref="Lifetime"/>.</summary>
    public IceServerGrant Issue(string deviceId, DateTimeOffset now)
    {
        var username = $"{(now + Lifetime).ToUnixTimeSeconds()}:{deviceId}";
        Span<byte> mac = stackalloc byte[HMACSHA1.HashSizeInBytes];
        HMACSHA1.HashData(_secret, Encoding.UTF8.GetBytes(username), mac);
        return new IceServerGrant(Urls, username, Convert.ToBase64String(mac));
    }
}
