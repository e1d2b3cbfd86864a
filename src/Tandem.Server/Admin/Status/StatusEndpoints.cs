using Tandem.Server.Admin.Security;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Admin.Status;

/// <summary>
/// The JSON API: <c>GET /api/status</c>, <c>/api/rooms</c>, <c>/api/connections</c>, <c>/api/history</c>, <c>/api/cluster</c>,
/// and the actions <c>POST /api/rooms/{id}/close</c>, <c>POST /api/connections/{id}/disconnect</c>.
/// Lists accept <c>?q=&amp;offset=&amp;limit=</c> and are live (a fresh hub snapshot per request).
/// </summary>
internal static class StatusEndpoints
{
    public static void MapStatusApi(this IEndpointRouteBuilder app)
    {
        var api = app.MapGroup("/api").RequireAdmin();
        api.MapGet("/status", (HttpContext context, SignalingHub hub, AdminFeed feed) =>
        {
            var query = context.Request.Query;
            var view = StatusViewBuilder.Build(
                hub.GetStatus(),
                ListQuery.From(query, "rooms.", int.MaxValue),
                ListQuery.From(query, "connections.", int.MaxValue),
                feed.LatestSample,
                StatusViewBuilder.Cluster(hub, DateTimeOffset.UtcNow));
            return Results.Json(view, StatusJson.Default.StatusView);
        });
        api.MapGet("/rooms", (HttpContext context, SignalingHub hub) =>
            Results.Json(StatusViewBuilder.Rooms(hub.GetStatus(), ListQuery.From(context.Request.Query, "", int.MaxValue)), StatusJson.Default.PageViewRoomView));
        api.MapGet("/connections", (HttpContext context, SignalingHub hub) =>
            Results.Json(StatusViewBuilder.Connections(hub.GetStatus(), ListQuery.From(context.Request.Query, "", int.MaxValue)), StatusJson.Default.PageViewConnectionView));
        api.MapGet("/cluster", (SignalingHub hub) => Results.Json(StatusViewBuilder.Cluster(hub, DateTimeOffset.UtcNow), StatusJson.Default.ClusterView));
        api.MapGet("/history", (AdminFeed feed) => Results.Json(feed.History(), StatusJson.Default.IReadOnlyListSample));
        api.MapGet("/events", EventStream.RunAsync);

        api.MapPost("/rooms/{id}/close", (string id, SignalingHub hub, AdminFeed feed) =>
            Act(hub.CloseRoom(id), feed, $"{id} closed; its members got error 1005 and close code 4005", $"no room {id}"));
        api.MapPost("/connections/{id}/disconnect", (string id, SignalingHub hub, AdminFeed feed) =>
            Act(hub.DisconnectClient(id), feed, $"{id} disconnected; it got error 1001 and close code 4001", $"no open connection {id}"));
    }

    private static IResult Act(bool done, AdminFeed feed, string doneMessage, string missingMessage)
    {
        if (!done)
        {
            return Results.Json(new ActionResult(false, missingMessage), StatusJson.Default.ActionResult, statusCode: StatusCodes.Status404NotFound);
        }

        feed.Refresh();
        return Results.Json(new ActionResult(true, doneMessage), StatusJson.Default.ActionResult);
    }
}
