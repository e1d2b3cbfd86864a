namespace Tandem.Server.Admin.Security;

/// <summary>Applies <see cref="AdminGuard"/> to endpoints as an endpoint filter.</summary>
internal static class AdminGuardFilter
{
    /// <summary>
    /// Admits only allowed requests. Refusals carry nothing about the server's state: 403 for a
    /// remote request without a configured token, else a redirect to the login form
    /// (<paramref name="redirectToLogin"/>, for pages) or 401. Non-GET requests also need the CSRF header.
    /// </summary>
    public static TBuilder RequireAdmin<TBuilder>(this TBuilder builder, bool redirectToLogin = false)
        where TBuilder : IEndpointConventionBuilder =>
        builder.AddEndpointFilter(async (context, next) =>
        {
            var http = context.HttpContext;
            var guard = http.RequestServices.GetRequiredService<AdminGuard>();
            var throttle = http.RequestServices.GetRequiredService<LoginThrottle>();
            var access = guard.Check(http);

            // An address over its wrong tokens gets 429 even for the right one, else the limit would not
            // slow guessing; a live login session (never guessed) keeps working for whoever shares it.
            if (access is not (AdminAccess.Cookie or AdminAccess.Loopback or AdminAccess.Forbidden)
                && throttle.RetryAfter(http.Connection.RemoteIpAddress) is { Ticks: > 0 } wait)
            {
                return TooManyFailures(http, wait);
            }

            if (access == AdminAccess.WrongCredential)
            {
                throttle.Failed(http.Connection.RemoteIpAddress, "admin token (Bearer header)");
                access = AdminAccess.Unauthenticated;
            }

            if (access == AdminAccess.Forbidden)
            {
                return Results.Text("The admin interface answers only this machine (loopback). Set Admin:Token to allow remote access.\n", statusCode: StatusCodes.Status403Forbidden);
            }

            if (access == AdminAccess.Unauthenticated)
            {
                if (redirectToLogin)
                {
                    return Results.Redirect("/admin/login");
                }

                AdminGuard.Challenge(http);
                return Results.Text("Authentication required: send Authorization: Bearer <Admin:Token>, or log in at /admin/login.\n", statusCode: StatusCodes.Status401Unauthorized);
            }

            if (!HttpMethods.IsGet(http.Request.Method) && !HttpMethods.IsHead(http.Request.Method) && !AdminGuard.PassesCsrfCheck(http, access))
            {
                return Results.Text($"Actions need the {AdminGuard.CsrfHeader}: 1 header (or a Bearer token).\n", statusCode: StatusCodes.Status403Forbidden);
            }

            return await next(context).ConfigureAwait(false);
        });

    /// <summary>429 with <c>Retry-After</c> (RFC 6585 §4) for an address over <c>Admin:MaxFailedLoginsPerMinute</c>.</summary>
    public static IResult TooManyFailures(HttpContext http, TimeSpan wait)
    {
        var seconds = (int)Math.Ceiling(wait.TotalSeconds);
        http.Response.Headers.RetryAfter = seconds.ToString(System.Globalization.CultureInfo.InvariantCulture);
        return Results.Text($"Too many wrong admin tokens from your address: try again in {seconds} s.\n", statusCode: StatusCodes.Status429TooManyRequests);
    }
}
