using Tandem.Signaling.Turn;

namespace Tandem.Server.Configuration;

/// <summary>
/// The <c>Turn:*</c> rows of <see cref="SettingsTable"/> as a credential issuer: with <c>Turn:Urls</c> and
/// <c>Turn:Secret</c> set, every role message carries short-lived TURN credentials (PROTOCOL.md, the
/// role message's <c>data.ice_servers</c>); both unset, none; one without the other is refused at start-up.
/// </summary>
internal static class TurnSettings
{
    /// <summary>The issuer the checked <paramref name="values"/> ask for, or null; throws <see cref="InvalidSettingsException"/> for half a configuration.</summary>
    public static TurnCredentialIssuer? Load(SettingValues values)
    {
        var urls = values.GetOptional<string[]>("Turn:Urls") ?? [];

        var secret = values.GetOptional<string>("Turn:Secret");
        if (urls.Length == 0 && secret is null)
        {
            return null;
        }

        if (urls.Length == 0 || secret is null)
        {
            throw new InvalidSettingsException([urls.Length == 0
                ? "  Turn:Secret is set but Turn:Urls is not: give the TURN URLs too (e.g. --Turn:Urls=turn:turn.example.org:3478)"
                : "  Turn:Urls is set but Turn:Secret is not: give the TURN server's static-auth-secret too (--Turn:Secret=...)"]);
        }

        return new TurnCredentialIssuer(urls, secret, TimeSpan.FromSeconds(values.Get<int>("Turn:TtlSeconds")));
    }
}
