using System.Globalization;
using Microsoft.IdentityModel.JsonWebTokens;
using Microsoft.IdentityModel.Tokens;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Auth;

/// <summary>
/// <c>Auth:Mode=token</c>: a join needs a JWT whose <c>sub</c> is the joining id (compared as R6
/// compares ids, so the token also fixes the room), signed with the configured key, with an
/// <c>exp</c> not passed and an <c>nbf</c> (if any) reached on <see cref="TimeProvider"/>, give or take
/// the clock skew. Answers at once: the check is CPU work only.
/// </summary>
public sealed class TokenAuthorizer : IJoinAuthorizer
{
    private const string GetToken = "ask your account service for a token for this device (or mint one: tandem token --id <your id>)";

    private readonly JsonWebTokenHandler _handler = new();
    private readonly TokenValidationParameters _parameters;
    private readonly TokenOptions _options;
    private readonly TimeProvider _time;

    /// <summary>Creates the authorizer; <paramref name="options"/> must name at least one key.</summary>
    public TokenAuthorizer(TokenOptions options, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(options);
        if (options.Secret is null && options.PublicKey is null)
        {
            throw new ArgumentException("token authentication needs Auth:Secret or Auth:PublicKeyPath", nameof(options));
        }

        if (options.Secret is { Length: < TokenOptions.MinSecretBytes })
        {
            throw new ArgumentException($"Auth:Secret must be at least {TokenOptions.MinSecretBytes} bytes", nameof(options));
        }

        _options = options;
        _time = time;
        var keys = new List<SecurityKey>();
        var algorithms = new List<string>();
        if (options.Secret is { } secret)
        {
            keys.Add(new SymmetricSecurityKey(secret));
            algorithms.Add(SecurityAlgorithms.HmacSha256);
        }

        if (options.PublicKey is { } publicKey)
        {
            keys.Add(new ECDsaSecurityKey(publicKey));
            algorithms.Add(SecurityAlgorithms.EcdsaSha256);
        }

        _parameters = new TokenValidationParameters
        {
            IssuerSigningKeys = keys,
            // RFC 8725 §3.1: only the algorithms of the keys configured; "none" and the rest are refused.
            ValidAlgorithms = algorithms,
            ValidateIssuerSigningKey = true,
            ValidateIssuer = options.Issuer is not null,
            ValidIssuer = options.Issuer,
            ValidateAudience = false,
            // exp and nbf are checked below on our TimeProvider (so tests can move the clock).
            ValidateLifetime = false,
            RequireExpirationTime = false,
        };
    }

    /// <inheritdoc />
    public ValueTask<JoinVerdict> AuthorizeAsync(JoinRequest request, CancellationToken cancellationToken)
    {
        if (string.IsNullOrEmpty(request.Token))
        {
            return new(JoinVerdict.Deny($"this server needs a token to join: send it as data.token in join, or as ?token= on the WebSocket URL; {GetToken}"));
        }

        var validation = _handler.ValidateTokenAsync(request.Token, _parameters);
        return validation.IsCompletedSuccessfully
            ? new(Decide(validation.Result, request.DeviceId))
            : DecideLaterAsync(validation, request.DeviceId);
    }

    private async ValueTask<JoinVerdict> DecideLaterAsync(Task<TokenValidationResult> validation, DeviceId id) =>
        Decide(await validation.ConfigureAwait(false), id);

    private JoinVerdict Decide(TokenValidationResult result, DeviceId id)
    {
        if (!result.IsValid)
        {
            return JoinVerdict.Deny(Rejection(result.Exception));
        }

        var token = (JsonWebToken)result.SecurityToken;
        var now = _time.GetUtcNow().UtcDateTime;
        if (token.ValidTo == DateTime.MinValue)
        {
            return JoinVerdict.Deny($"the token has no expiry (exp): tokens must expire; {GetToken}");
        }

        if (now > token.ValidTo + _options.ClockSkew)
        {
            return JoinVerdict.Deny($"the token expired at {Stamp(token.ValidTo)}: {GetToken}");
        }

        if (token.ValidFrom != DateTime.MinValue && now + _options.ClockSkew < token.ValidFrom)
        {
            return JoinVerdict.Deny($"the token is not valid before {Stamp(token.ValidFrom)}: check this device's clock, or wait");
        }

        return Bound(token, id);
    }

    /// <summary>The token's <c>sub</c> must name the joining id: the same side of the same pair (R6).</summary>
    private static JoinVerdict Bound(JsonWebToken token, DeviceId id)
    {
        var subject = token.TryGetPayloadValue<string>("sub", out var sub) ? sub : null;
        if (subject is null || !DeviceId.TryParse(subject, out var bound))
        {
            return JoinVerdict.Deny($"the token's sub is not a device id (glasses_<uid> or app_<uid>): {GetToken}");
        }

        if (bound.Kind != id.Kind)
        {
            return JoinVerdict.Deny($"the token is for {bound.Value}, not {id.Value}: the glasses and the app each need a token of their own");
        }

        return bound.CanonicalUid == id.CanonicalUid
            ? JoinVerdict.Allow
            : JoinVerdict.Deny($"the token is for {bound.Value} ({bound.RoomId}), not {id.Value} ({id.RoomId}): use the token issued for this device");
    }

    private string Rejection(Exception? error) => error switch
    {
        SecurityTokenMalformedException => "the token is not a JWT (header.payload.signature): send the token as issued",
        SecurityTokenInvalidAlgorithmException => $"the token's alg is not accepted here (this server takes {string.Join(" or ", _parameters.ValidAlgorithms)}): {GetToken}",
        SecurityTokenInvalidIssuerException => $"the token's issuer (iss) is not {_options.Issuer}: {GetToken}",
        SecurityTokenSignatureKeyNotFoundException or SecurityTokenInvalidSignatureException => $"the token's signature does not match this server's key: it was forged, or signed with another key; {GetToken}",
        _ => $"the token was refused ({error?.GetType().Name ?? "invalid"}): {GetToken}",
    };

    private static string Stamp(DateTime utc) => utc.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);
}
