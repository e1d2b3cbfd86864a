using System.Text;
using System.Text.Json;
using Microsoft.AspNetCore.Http.Features;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Admin.Status;

/// <summary>
/// <c>GET /api/events</c>: Server-Sent Events for the page. On connect: <c>history</c> (the chart
/// samples), then a <c>status</c> event per published snapshot (every second, and right after an
/// action). The page's filter and page travel in the query (<c>rooms.q</c>, <c>rooms.offset</c>,
/// <c>connections.q</c>, ...), so only the rows it shows are sent, however many rooms there are.
/// </summary>
internal static class EventStream
{
    /// <summary>Rows per list and event unless the page asks for another number.</summary>
    public const int DefaultPageSize = 50;

    public static async Task RunAsync(HttpContext context, AdminFeed feed, SignalingHub hub, IHostApplicationLifetime lifetime)
    {
        var query = context.Request.Query;
        var rooms = ListQuery.From(query, "rooms.", DefaultPageSize);
        var connections = ListQuery.From(query, "connections.", DefaultPageSize);
        var response = context.Response;
        response.ContentType = "text/event-stream";
        response.Headers.CacheControl = "no-cache";
        response.Headers.XContentTypeOptions = "nosniff";
        context.Features.Get<IHttpResponseBodyFeature>()?.DisableBuffering();

        // The stream ends when the browser goes away or the server stops (else shutdown would wait for it).
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(context.RequestAborted, lifetime.ApplicationStopping);
        var token = stop.Token;
        try
        {
            await WriteAsync(response, "retry: 2000\n\n", token).ConfigureAwait(false);
            await WriteEventAsync(response, "history", JsonSerializer.Serialize(feed.History(), StatusJson.Default.IReadOnlyListSample), token).ConfigureAwait(false);
            // A fresh snapshot first (the feed's may be a second old), then the feed's ticks.
            var snapshot = hub.GetStatus();
            while (!token.IsCancellationRequested)
            {
                var view = StatusViewBuilder.Build(snapshot, rooms, connections, feed.LatestSample, StatusViewBuilder.Cluster(hub, snapshot.Time));
                await WriteEventAsync(response, "status", JsonSerializer.Serialize(view, StatusJson.Default.StatusView), token).ConfigureAwait(false);
                snapshot = await feed.NextAsync(token).ConfigureAwait(false);
            }
        }
        catch (OperationCanceledException)
        {
            // The browser left or the server is stopping.
        }
    }

    private static Task WriteEventAsync(HttpResponse response, string name, string json, CancellationToken token) =>
        WriteAsync(response, $"event: {name}\ndata: {json}\n\n", token);

    private static async Task WriteAsync(HttpResponse response, string text, CancellationToken token)
    {
        await response.Body.WriteAsync(Encoding.UTF8.GetBytes(text), token).ConfigureAwait(false);
        await response.Body.FlushAsync(token).ConfigureAwait(false);
    }
}
