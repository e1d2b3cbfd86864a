using Tandem.Server.Admin.Security;
using Tandem.Server.Hosting;

namespace Tandem.Server.Admin.Page;

/// <summary>Serves the admin page: <c>/admin</c> (guarded) and its static scripts and styles.</summary>
internal static class PageEndpoints
{
    // The page shows "Log out" only when there is a login (the body's data-auth attribute).
    private static readonly Lazy<PageFile> TokenIndex = new(() =>
    {
        var html = EmbeddedPage.ReadText("index.html").Replace("data-auth=\"loopback\"", "data-auth=\"token\"", StringComparison.Ordinal);
        var bytes = System.Text.Encoding.UTF8.GetBytes(html);
        return EmbeddedPage.All["index.html"] with { Content = bytes, ETag = "\"token-" + EmbeddedPage.All["index.html"].ETag.Trim('"') + "\"" };
    });

    public static void MapAdminPage(this IEndpointRouteBuilder app)
    {
        app.MapGet("/admin", (HttpContext context, AdminGuard guard) => Serve(context, guard.HasToken ? TokenIndex.Value : EmbeddedPage.All["index.html"]))
            .RequireAdmin(redirectToLogin: true);

        // Scripts and styles hold no server data; the login form needs them before any credential.
        app.MapGet("/admin/assets/{name}", (HttpContext context, string name) =>
            EmbeddedPage.All.TryGetValue(name, out var file) && !name.EndsWith(".html", StringComparison.Ordinal)
                ? Serve(context, file)
                : Results.NotFound());
    }

    private static IResult Serve(HttpContext context, PageFile file)
    {
        PageHeaders.Apply(context.Response);
        return file.ToResult(context);
    }
}
