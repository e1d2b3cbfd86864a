using System.Globalization;

namespace Tandem.Server.Admin.Security;

/// <summary>The <c>Admin:*</c> settings.</summary>
public sealed record AdminOptions
{
    /// <summary>The configuration section.</summary>
    public const string Section = "Admin";

    /// <summary>
    /// <c>Admin:Token</c>. Unset or empty: the admin page, its API and actions answer loopback
    /// requests only. Set: every admin request must present it (Bearer header or login cookie),
    /// from any address.
    /// </summary>
    public string? Token { get; init; }

    /// <summary>Wrong credentials one address may send per minute before it gets 429 (<c>Admin:MaxFailedLoginsPerMinute</c>).</summary>
    public int MaxFailedLoginsPerMinute { get; init; } = 10;

    /// <summary>True when a token is configured.</summary>
    public bool HasToken => !string.IsNullOrEmpty(Token);

    /// <summary>Reads the section (its values were checked at start-up against the settings table).</summary>
    public static AdminOptions Load(IConfiguration configuration)
    {
        var section = configuration.GetSection(Section);
        return new()
        {
            Token = section["Token"],
            MaxFailedLoginsPerMinute = int.TryParse(section["MaxFailedLoginsPerMinute"], NumberStyles.Integer, CultureInfo.InvariantCulture, out var max) ? max : 10,
        };
    }
}
