using Tandem.Server.Configuration;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Hub;

namespace Tandem.Server.WebSockets;

/// <summary>The WebSocket endpoint (PROTOCOL.md R1): upgrades on <c>/</c> and <c>/ws</c> only.</summary>
internal static class SignalingEndpoint
{
    private static readonly string[] Paths = ["/", "/ws"];

    /// <summary>Maps the endpoint, and refuses upgrades on every other path with 404.</summary>
    public static void MapSignaling(this WebApplication app)
    {
        app.Use(async (context, next) =>
        {
            if (context.WebSockets.IsWebSocketRequest && !Paths.Contains(context.Request.Path.Value))
            {
                context.Response.StatusCode = StatusCodes.Status404NotFound;
                await context.Response.WriteAsync("WebSocket upgrades are accepted on / and /ws only").ConfigureAwait(false);
                return;
            }

            await next(context).ConfigureAwait(false);
        });

        foreach (var path in Paths)
        {
            app.Map(path, HandleAsync);
        }
    }

    private static async Task HandleAsync(HttpContext context, SignalingHub hub, ServerSettings settings)
    {
        if (!context.WebSockets.IsWebSocketRequest)
        {
            context.Response.ContentType = "text/plain; charset=utf-8";
            await context.Response.WriteAsync("Tandem signaling server: connect a WebSocket to this URL; the admin page is at /admin\n").ConfigureAwait(false);
            return;
        }

        var origin = context.Request.Headers.Origin.ToString();
        if (!OriginList.Allows(settings.AllowedOrigins, origin))
        {
            context.Response.StatusCode = StatusCodes.Status403Forbidden;
            await context.Response.WriteAsync($"WebSocket upgrades from pages of {origin} are not allowed here: add it to Signaling:AllowedOrigins\n").ConfigureAwait(false);
            return;
        }

        using var socket = await context.WebSockets.AcceptWebSocketAsync().ConfigureAwait(false);
        var remote = $"{context.Connection.RemoteIpAddress}:{context.Connection.RemotePort}";
        var token = context.Request.Query["token"].ToString();
        var connection = new WebSocketConnection(socket, hub);
        await connection.RunAsync(remote, new ConnectionDetails(ClientAddress.Key(context), token.Length > 0 ? token : null), context.RequestAborted).ConfigureAwait(false);
    }
}
