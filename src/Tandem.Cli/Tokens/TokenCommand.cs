using System.Globalization;
using System.Security.Claims;
using System.Security.Cryptography;
using System.Text;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tandem.Cli.Options;

namespace Tandem.Cli.Tokens;

/// <summary>
/// <c>tandem token</c>: mints a join token (docs/PROTOCOL.md "Join authentication": an HS256 JWT whose
/// <c>sub</c> is the device id) from the secret in <c>Auth__Secret</c>, the variable the server reads,
/// or makes a new secret.
/// </summary>
public static class TokenCommand
{
    /// <summary>The variable the secret is read from (the server's <c>Auth:Secret</c> as an environment variable).</summary>
    public const string SecretVariable = "Auth__Secret";

    /// <summary>The usage text.</summary>
    public const string Usage =
        """
        usage: tandem token --id glasses_<uid>|app_<uid> [--ttl 1h] [--issuer ISS]
               tandem token --new-secret
        Mints a join token for a server with Auth:Mode=token, signed with the secret in the environment
        variable Auth__Secret (the same value as the server's Auth:Secret), and prints it as the last line.
          --id ID          the device id the token admits (each side needs its own)
          --ttl DURATION   how long it is valid: 90s, 15m, 1h, 7d, or seconds (default 1h; at most 366d)
          --issuer ISS     put iss=ISS in it (when the server sets Auth:Issuer)
          --new-secret     print a new random secret (32 bytes, base64) for Auth:Secret, and nothing else
        exit codes: 0 printed, 2 usage or no usable secret
        """;

    private static readonly TimeSpan MaxTtl = TimeSpan.FromDays(366);

    /// <summary>Runs the command; <paramref name="environment"/> looks variables up.</summary>
    public static int Run(IReadOnlyList<string> args, Func<string, string?> environment, TimeProvider time, TextWriter output, TextWriter errors)
    {
        if (args is ["--new-secret"])
        {
            output.WriteLine(Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)));
            return 0;
        }

        if (!TryParse(args, out var id, out var ttl, out var issuer, out var problem))
        {
            errors.WriteLine("tandem token: " + problem);
            errors.WriteLine(Usage);
            return 2;
        }

        var secret = environment(SecretVariable);
        if (string.IsNullOrEmpty(secret))
        {
            errors.WriteLine($"tandem token: {SecretVariable} is not set: export it with the server's Auth:Secret (a new one: tandem token --new-secret)");
            return 2;
        }

        var key = Encoding.UTF8.GetBytes(secret);
        if (key.Length < 32)
        {
            errors.WriteLine($"tandem token: {SecretVariable} is {key.Length} bytes: the server refuses secrets under 32 (a new one: tandem token --new-secret)");
            return 2;
        }

        var now = time.GetUtcNow().UtcDateTime;
        var token = new JsonWebTokenHandler { SetDefaultTimesOnTokenCreation = false }.CreateToken(new SecurityTokenDescriptor
        {
            Subject = new ClaimsIdentity([new Claim("sub", id)]),
            IssuedAt = now,
            NotBefore = now,
            Expires = now + ttl,
            Issuer = issuer,
            SigningCredentials = new SigningCredentials(new SymmetricSecurityKey(key), SecurityAlgorithms.HmacSha256),
        });
        errors.WriteLine(string.Create(CultureInfo.InvariantCulture, $"token for {id}, valid until {now + ttl:yyyy-MM-dd'T'HH:mm:ss'Z'}"));
        output.WriteLine(token);
        return 0;
    }

    /// <summary>A duration: <c>90s</c>, <c>15m</c>, <c>1h</c>, <c>7d</c>, or a number of seconds.</summary>
    public static bool TryParseDuration(string text, out TimeSpan duration)
    {
        duration = default;
        var unit = text.Length > 0 && char.IsAsciiLetter(text[^1]) ? char.ToLowerInvariant(text[^1]) : 's';
        var number = char.IsAsciiLetter(text.Length > 0 ? text[^1] : '0') ? text[..^1] : text;
        var seconds = unit switch { 's' => 1, 'm' => 60, 'h' => 3600, 'd' => 86400, _ => 0 };
        if (seconds == 0 || !double.TryParse(number, NumberStyles.Float, CultureInfo.InvariantCulture, out var value) || value <= 0 || value * seconds > MaxTtl.TotalSeconds)
        {
            return false;
        }

        duration = TimeSpan.FromSeconds(value * seconds);
        return true;
    }

    private static bool TryParse(IReadOnlyList<string> args, out string id, out TimeSpan ttl, out string? issuer, out string problem)
    {
        id = "";
        ttl = TimeSpan.FromHours(1);
        issuer = null;
        for (var i = 0; i < args.Count; i++)
        {
            var name = args[i];
            if (name is not ("--id" or "--ttl" or "--issuer"))
            {
                problem = $"unknown option '{name}'";
                return false;
            }

            if (i + 1 >= args.Count)
            {
                problem = $"{name} needs a value";
                return false;
            }

            var value = args[++i];
            switch (name)
            {
                case "--id":
                    var prefix = value.StartsWith("app_", StringComparison.Ordinal) ? "app_" : "glasses_";
                    if ((!value.StartsWith("app_", StringComparison.Ordinal) && !value.StartsWith("glasses_", StringComparison.Ordinal))
                        || SessionOptionReader.Id(value, prefix, out id) is not null)
                    {
                        problem = $"--id: '{value}' is not glasses_<uid> or app_<uid> (uid 1-64 characters of [A-Za-z0-9_.:-]); a token is for one side";
                        return false;
                    }

                    break;
                case "--ttl" when !TryParseDuration(value, out ttl):
                    problem = $"--ttl: '{value}' is not a duration such as 90s, 15m, 1h or 7d (at most 366d)";
                    return false;
                case "--issuer":
                    issuer = value;
                    break;
            }
        }

        problem = id.Length == 0 ? "--id is required (e.g. --id app_123456)" : "";
        return id.Length > 0;
    }
}
