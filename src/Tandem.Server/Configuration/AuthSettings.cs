using System.Security.Cryptography;
using System.Text;
using Tandem.Signaling.Auth;

namespace Tandem.Server.Configuration;

/// <summary>How joins are authenticated (<c>Auth:Mode</c>).</summary>
public enum AuthMode
{
    /// <summary>Anyone may join as any id (the requirements' behaviour).</summary>
    None,

    /// <summary>A join needs a JWT for its device id.</summary>
    Token,

    /// <summary>A webhook decides each join.</summary>
    Webhook,
}

/// <summary>The <c>Auth:*</c> settings, checked together at start-up.</summary>
public sealed record AuthSettings
{
    /// <summary>The mode.</summary>
    public AuthMode Mode { get; init; }

    /// <summary>The token keys; set when <see cref="Mode"/> is <see cref="AuthMode.Token"/>.</summary>
    public TokenOptions? Token { get; init; }

    /// <summary>The webhook; set when <see cref="Mode"/> is <see cref="AuthMode.Webhook"/>.</summary>
    public Uri? WebhookUrl { get; init; }

    /// <summary>How long the webhook may take.</summary>
    public TimeSpan WebhookTimeout { get; init; } = TimeSpan.FromSeconds(3);

    /// <summary>
    /// Reads the section; throws <see cref="InvalidSettingsException"/> when the mode lacks what it needs
    /// (a key, a usable key file, a webhook URL) or the secret is too short.
    /// </summary>
    public static AuthSettings Load(SettingValues values)
    {
        ArgumentNullException.ThrowIfNull(values);
        var mode = Enum.Parse<AuthMode>(values.Get<string>("Auth:Mode"), ignoreCase: true);
        var settings = new AuthSettings { Mode = mode, WebhookTimeout = values.Get<TimeSpan>("Auth:WebhookTimeoutSeconds") };
        var errors = new List<string>();
        switch (mode)
        {
            case AuthMode.Token:
                settings = settings with { Token = LoadToken(values, errors) };
                break;
            case AuthMode.Webhook:
                settings = settings with { WebhookUrl = values.GetOptional<Uri>("Auth:WebhookUrl") };
                if (settings.WebhookUrl is null)
                {
                    errors.Add("Auth:Mode=webhook needs Auth:WebhookUrl (the URL each join is POSTed to)");
                }

                break;
        }

        return errors.Count > 0 ? throw new InvalidSettingsException(errors) : settings;
    }

    private static TokenOptions? LoadToken(SettingValues values, List<string> errors)
    {
        var secret = values.GetOptional<string>("Auth:Secret") is { Length: > 0 } text ? Encoding.UTF8.GetBytes(text) : null;
        var keyPath = values.GetOptional<string>("Auth:PublicKeyPath");
        if (secret is null && keyPath is null)
        {
            errors.Add("Auth:Mode=token needs Auth:Secret (HS256; make one with: tandem token --new-secret) or Auth:PublicKeyPath (ES256)");
            return null;
        }

        if (secret is { Length: < TokenOptions.MinSecretBytes })
        {
            errors.Add($"Auth:Secret is {secret.Length} bytes: it must be at least {TokenOptions.MinSecretBytes} (make one with: tandem token --new-secret)");
        }

        var publicKey = keyPath is null ? null : LoadPublicKey(keyPath, errors);
        return new TokenOptions
        {
            Secret = secret,
            PublicKey = publicKey,
            Issuer = values.GetOptional<string>("Auth:Issuer"),
            ClockSkew = values.Get<TimeSpan>("Auth:ClockSkewSeconds"),
        };
    }

    private static ECDsa? LoadPublicKey(string path, List<string> errors)
    {
        string pem;
        try
        {
            pem = File.ReadAllText(path);
        }
        catch (Exception e) when (e is IOException or UnauthorizedAccessException)
        {
            errors.Add($"Auth:PublicKeyPath: cannot read {path}: {e.Message}");
            return null;
        }

        var key = ECDsa.Create();
        try
        {
            key.ImportFromPem(pem);
            if (key.KeySize == 256 && key.ExportParameters(includePrivateParameters: false).Curve.Oid.Value == ECCurve.NamedCurves.nistP256.Oid.Value)
            {
                return key;
            }

            errors.Add($"Auth:PublicKeyPath: {path} holds a {key.KeySize}-bit key: ES256 needs a P-256 key (openssl ecparam -name prime256v1)");
        }
        catch (ArgumentException)
        {
            errors.Add($"Auth:PublicKeyPath: {path} is not a PEM EC public key (-----BEGIN PUBLIC KEY-----)");
        }
        catch (CryptographicException e)
        {
            errors.Add($"Auth:PublicKeyPath: {path}: {e.Message}");
        }

        key.Dispose();
        return null;
    }
}
