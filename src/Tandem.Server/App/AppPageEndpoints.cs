using System.Text.RegularExpressions;
using Tandem.Server.Hosting;

namespace Tandem.Server.App;

/// <summary>
/// Serves the phone-app page: <c>/app</c> (optionally <c>?id=app_&lt;uid&gt;</c>) and its scripts and
/// styles under <c>/app/assets/</c>. The page is public: it holds no server data, and a phone on the
/// LAN must reach it; the signaling it does goes through the ordinary WebSocket endpoint.
/// </summary>
internal static partial class AppPageEndpoints
{
    public static void MapAppPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/app", (HttpContext context) => Serve(context, AppPageFiles.All["index.html"]));
        app.MapGet("/app/assets/{name}", (HttpContext context, string name) =>
            AppPageFiles.All.TryGetValue(name, out var file) && !name.EndsWith(".html", StringComparison.Ordinal)
                ? Serve(context, file)
                : Results.NotFound());
    }

    private static IResult Serve(HttpContext context, PageFile file)
    {
        var headers = context.Response.Headers;
        headers.ContentSecurityPolicy = ContentSecurityPolicy(context.Request.Host);
        headers.XContentTypeOptions = "nosniff";
        headers["Referrer-Policy"] = "no-referrer";
        headers["Permissions-Policy"] = "microphone=(self), camera=(), geolocation=()";
        headers.CacheControl = "no-cache";
        return file.ToResult(context);
    }

    // Everything comes from this origin. 'self' covers same-origin ws:/wss: in CSP 3, but older
    // WebKit does not apply that, so the page's own host is also listed for both schemes.
    private static string ContentSecurityPolicy(HostString host)
    {
        var sockets = host.HasValue && HostPattern().IsMatch(host.Value) ? $" ws://{host.Value} wss://{host.Value}" : "";
        return "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self' data:; media-src 'self' blob: mediastream:; " +
            $"connect-src 'self'{sockets}; form-action 'self'; frame-ancestors 'none'; base-uri 'none'";
    }

    // A Host header is the client's own text: only a plain host[:port] may go into the policy.
    [GeneratedRegex(@"^[A-Za-z0-9.\-]+(:[0-9]{1,5})?$|^\[[0-9A-Fa-f:.]+\](:[0-9]{1,5})?$")]
    private static partial Regex HostPattern();
}
