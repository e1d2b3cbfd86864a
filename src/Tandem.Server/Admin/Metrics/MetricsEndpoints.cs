namespace Tandem.Server.Admin.Metrics;

/// <summary><c>GET /metrics</c> (Prometheus), <c>GET /readyz</c>.</summary>
internal static class MetricsEndpoints
{
    /// <summary>
    /// Maps the endpoints. <c>/metrics</c> is open like <c>/healthz</c>: its labels are message types,
    /// error codes and room states, never device ids or addresses.
    /// </summary>
    public static void MapMetrics(this IEndpointRouteBuilder app)
    {
        app.MapGet("/metrics", (PrometheusExporter exporter) => Results.Text(exporter.Scrape(), PrometheusExporter.ContentType));
        app.MapGet("/readyz", (Readiness readiness) =>
        {
            var (ready, reason) = readiness.Check();
            return Results.Text(reason + "\n", statusCode: ready ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable);
        });
    }
}
