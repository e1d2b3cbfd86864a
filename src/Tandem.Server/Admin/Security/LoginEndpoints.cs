using Tandem.Server.Admin.Page;

namespace Tandem.Server.Admin.Security;

/// <summary>The login form (<c>/admin/login</c>) that trades the token for a cookie, and logout.</summary>
internal static class LoginEndpoints
{
    private const string MessageMarker = "<!--message-->";

    public static void MapLogin(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin/login", (HttpContext context, AdminGuard guard) => LoginPage(context, guard, failed: false));
        app.MapPost("/admin/login", async (HttpContext context, AdminGuard guard, LoginThrottle throttle) =>
        {
            if (!guard.HasToken)
            {
                return LoginPage(context, guard, failed: false);
            }

            if (throttle.RetryAfter(context.Connection.RemoteIpAddress) is { Ticks: > 0 } wait)
            {
                return AdminGuardFilter.TooManyFailures(context, wait);
            }

            var form = context.Request.HasFormContentType ? await context.Request.ReadFormAsync(context.RequestAborted).ConfigureAwait(false) : null;
            if (!guard.TokenMatches(form?["token"].ToString()))
            {
                throttle.Failed(context.Connection.RemoteIpAddress, "admin token at /admin/login");
                return LoginPage(context, guard, failed: true);
            }

            guard.SetCookie(context);
            return Results.Redirect("/admin", permanent: false, preserveMethod: false);
        });
        app.MapPost("/admin/logout", (HttpContext context, AdminGuard guard) =>
        {
            guard.EndSession(context);
            return Results.Redirect("/admin/login");
        });
    }

    private static IResult LoginPage(HttpContext context, AdminGuard guard, bool failed)
    {
        if (!guard.HasToken)
        {
            // Nothing to log in to: loopback goes straight to the page, anyone else is refused.
            return guard.Check(context) == AdminAccess.Loopback
                ? Results.Redirect("/admin")
                : Results.Text("The admin interface answers only this machine (loopback). Set Admin:Token to allow remote access.\n", statusCode: StatusCodes.Status403Forbidden);
        }

        var html = EmbeddedPage.ReadText("login.html");
        var message = failed ? "<p class=\"error\" role=\"alert\">Wrong token.</p>" : "";
        PageHeaders.Apply(context.Response);
        return Results.Content(html.Replace(MessageMarker, message, StringComparison.Ordinal), "text/html; charset=utf-8", statusCode: failed ? StatusCodes.Status401Unauthorized : StatusCodes.Status200OK);
    }
}
