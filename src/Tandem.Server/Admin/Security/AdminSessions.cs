using System.Collections.Concurrent;
using System.Security.Cryptography;

namespace Tandem.Server.Admin.Security;

/// <summary>
/// Login sessions: each login gets a random value of its own (256 bits) for its cookie, valid for
/// <see cref="Lifetime"/> or until logout revokes it. A cookie therefore reveals nothing about the
/// token, and a copied cookie stops working at logout.
/// </summary>
internal sealed class AdminSessions(TimeProvider time)
{
    /// <summary>How long a login lasts.</summary>
    public static readonly TimeSpan Lifetime = TimeSpan.FromHours(12);

    // Sessions kept at most; the oldest goes first (a flood of logins needs the token anyway).
    private const int MaxSessions = 10_000;

    private readonly ConcurrentDictionary<string, DateTimeOffset> _expiries = new(StringComparer.Ordinal);

    /// <summary>Starts a session; returns its cookie value.</summary>
    public string Start()
    {
        var now = time.GetUtcNow();
        if (_expiries.Count >= MaxSessions)
        {
            foreach (var (value, _) in _expiries.OrderBy(e => e.Value).Take(_expiries.Count - MaxSessions + 1))
            {
                _expiries.TryRemove(value, out _);
            }
        }

        var session = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(32));
        _expiries[session] = now + Lifetime;
        return session;
    }

    /// <summary>True when <paramref name="value"/> is a live session (an expired one is dropped).</summary>
    public bool IsValid(string value)
    {
        if (!_expiries.TryGetValue(value, out var expiry))
        {
            return false;
        }

        if (time.GetUtcNow() < expiry)
        {
            return true;
        }

        _expiries.TryRemove(value, out _);
        return false;
    }

    /// <summary>Ends the session (logout); unknown values are ignored.</summary>
    public void Revoke(string value) => _expiries.TryRemove(value, out _);
}
