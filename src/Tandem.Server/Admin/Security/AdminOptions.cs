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

    /// <summary>True when a token is configured.</summary>
    public bool HasToken => !string.IsNullOrEmpty(Token);

    /// <summary>Reads the section.</summary>
    public static AdminOptions Load(IConfiguration configuration) =>
        new() { Token = configuration.GetSection(Section)["Token"] };
}
