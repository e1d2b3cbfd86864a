using System.Net;
using System.Security.Cryptography;
using System.Text;

namespace Tandem.Server.Admin.Security;

/// <summary>
/// Decides who may use the admin page, API and actions. Without <c>Admin:Token</c>: loopback only.
/// With it: every request needs the token (Bearer header) or the cookie the login form sets.
/// </summary>
internal sealed class AdminGuard
{
    /// <summary>The login cookie's name.</summary>
    public const string CookieName = "tandem_admin";

    /// <summary>
    /// The header the page's script adds to every action. A cross-site form or script cannot send a
    /// custom header without a CORS preflight, which the server never grants: this is the CSRF guard
    /// for cookie and loopback access.
    /// </summary>
    public const string CsrfHeader = "X-Tandem-Admin";

    private readonly byte[]? _token;
    private readonly AdminSessions _sessions;

    public AdminGuard(AdminOptions options, AdminSessions sessions)
    {
        _sessions = sessions;
        if (options.HasToken)
        {
            _token = Encoding.UTF8.GetBytes(options.Token!);
        }
    }

    /// <summary>True when a token is configured.</summary>
    public bool HasToken => _token is not null;

    /// <summary>Classifies a request.</summary>
    public AdminAccess Check(HttpContext context)
    {
        if (_token is null)
        {
            return IsLoopback(context.Connection.RemoteIpAddress) && IsLoopbackHost(context.Request.Host.Host) && !IsProxied(context.Request)
                ? AdminAccess.Loopback
                : AdminAccess.Forbidden;
        }

        var authorization = context.Request.Headers.Authorization.ToString();
        var bearer = authorization.StartsWith("Bearer ", StringComparison.OrdinalIgnoreCase) ? authorization["Bearer ".Length..].Trim() : "";
        if (bearer.Length > 0)
        {
            return TokenMatches(bearer) ? AdminAccess.Bearer : AdminAccess.WrongCredential;
        }

        // A stale cookie (logged out, expired, from before a restart) is no guess: a session value is
        // 256 random bits. It only sends the browser back to the login form.
        if (context.Request.Cookies.TryGetValue(CookieName, out var cookie) && _sessions.IsValid(cookie))
        {
            return AdminAccess.Cookie;
        }

        return AdminAccess.Unauthenticated;
    }

    /// <summary>True when <paramref name="candidate"/> is the token (constant-time comparison).</summary>
    public bool TokenMatches(string? candidate) =>
        _token is not null && candidate is not null && CryptographicOperations.FixedTimeEquals(Encoding.UTF8.GetBytes(candidate), _token);

    /// <summary>
    /// Actions (POST) also need <see cref="CsrfHeader"/>, unless the token came in a Bearer header
    /// (a browser never adds that on its own, so such a request cannot be forged cross-site).
    /// </summary>
    public static bool PassesCsrfCheck(HttpContext context, AdminAccess access) =>
        access == AdminAccess.Bearer || context.Request.Headers[CsrfHeader].ToString() == "1";

    /// <summary>IPv4 127.0.0.0/8, IPv6 ::1, and IPv4-mapped loopback.</summary>
    public static bool IsLoopback(IPAddress? address) =>
        address is not null && IPAddress.IsLoopback(address.IsIPv4MappedToIPv6 ? address.MapToIPv4() : address);

    /// <summary>
    /// Without a token, the Host header must name loopback too: a page on another site whose DNS name
    /// is rebound to 127.0.0.1 would otherwise read the API as same-origin from the operator's browser.
    /// </summary>
    public static bool IsLoopbackHost(string host)
    {
        if (host.Equals("localhost", StringComparison.OrdinalIgnoreCase))
        {
            return true;
        }

        return IPAddress.TryParse(host.Trim('[', ']'), out var address) && IsLoopback(address);
    }

    /// <summary>
    /// A reverse proxy on the same machine connects from loopback on behalf of remote clients; its
    /// forwarding headers show the request is not from a local operator.
    /// </summary>
    public static bool IsProxied(HttpRequest request) =>
        request.Headers.ContainsKey("Forwarded") || request.Headers.ContainsKey("X-Forwarded-For") || request.Headers.ContainsKey("X-Real-IP");

    /// <summary>Starts a login session and adds its cookie (a random value of its own) to the response.</summary>
    public void SetCookie(HttpContext context) =>
        context.Response.Cookies.Append(CookieName, _sessions.Start(), new CookieOptions
        {
            HttpOnly = true,
            SameSite = SameSiteMode.Strict,
            Secure = context.Request.IsHttps,
            Path = "/",
            MaxAge = AdminSessions.Lifetime,
        });

    /// <summary>Logout: revokes the request's session, so its cookie stops working wherever it was copied, and removes the cookie.</summary>
    public void EndSession(HttpContext context)
    {
        if (context.Request.Cookies.TryGetValue(CookieName, out var cookie))
        {
            _sessions.Revoke(cookie);
        }

        context.Response.Cookies.Delete(CookieName, new CookieOptions { Path = "/" });
    }

    /// <summary>Adds <c>WWW-Authenticate</c> for a 401.</summary>
    public static void Challenge(HttpContext context) => context.Response.Headers.WWWAuthenticate = "Bearer realm=\"tandem-admin\"";
}
