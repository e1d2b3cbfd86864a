using OpenTelemetry.Exporter;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using Tandem.Server.Configuration;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Hosting;

/// <summary>
/// Exports the hub's metrics (and .NET's <c>System.Runtime</c> ones) over OTLP through the OpenTelemetry
/// SDK when <c>OpenTelemetry:Endpoint</c> is set, besides <c>/metrics</c>: for operators who run a collector.
/// </summary>
internal static class OtlpMetrics
{
    /// <summary>The OpenTelemetry service name of the server's resource.</summary>
    public const string ServiceName = "tandem-server";

    /// <summary>Adds the exporter when <c>OpenTelemetry:Endpoint</c> is set; otherwise nothing.</summary>
    public static IServiceCollection AddOtlpMetrics(this IServiceCollection services, SettingValues settings)
    {
        if (settings.GetOptional<Uri>("OpenTelemetry:Endpoint") is not { } endpoint)
        {
            return services;
        }

        var grpc = settings.Get<string>("OpenTelemetry:Protocol") == "grpc";
        var interval = settings.Get<TimeSpan>("OpenTelemetry:ExportIntervalSeconds");
        var headers = settings.GetOptional<string>("OpenTelemetry:Headers");
        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource.AddService(ServiceName))
            .WithMetrics(metrics => metrics
                .AddMeter(SignalingMetrics.MeterName, "System.Runtime")
                .AddOtlpExporter((exporter, reader) =>
                {
                    exporter.Protocol = grpc ? OtlpExportProtocol.Grpc : OtlpExportProtocol.HttpProtobuf;
                    exporter.Endpoint = grpc ? endpoint : MetricsUrl(endpoint);
                    if (headers is not null)
                    {
                        exporter.Headers = headers;
                    }

                    reader.PeriodicExportingMetricReaderOptions.ExportIntervalMilliseconds = (int)interval.TotalMilliseconds;
                }));
        return services;
    }

    // OTLP/HTTP: the SDK posts to the endpoint as given; a collector's base address gets the signal's
    // path (OTLP specification, "OTLP/HTTP Request": /v1/metrics), a full URL is kept.
    private static Uri MetricsUrl(Uri endpoint) =>
        endpoint.AbsolutePath is "" or "/" ? new Uri(endpoint, "/v1/metrics") : endpoint;
}
