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
            var access = guard.Check(http);
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
}
