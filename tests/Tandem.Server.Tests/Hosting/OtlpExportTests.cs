using System.Net;
using System.Text;
using System.Threading.Channels;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Tandem.Server.Tests.TestSupport;

namespace Tandem.Server.Tests.Hosting;

/// <summary>
/// <c>OpenTelemetry:Endpoint</c>: the server pushes its metrics over OTLP/HTTP to a real listener on loopback.
/// Alone in its collection: the SDK listens to every meter of the process with the server's meter name, so
/// the instruments of other tests' servers, created and disposed while this test runs, share its metric
/// streams (a CI run once waited 30 s for <c>tandem_pairs</c>; the disposal of a same-named instrument ending
/// the shared stream is the likely cause). One server per process, as deployed, has no such neighbours.
/// </summary>
[Collection(nameof(OtlpExportTests))]
public class OtlpExportTests
{
    [Theory]
    [InlineData("", "/v1/metrics")]
    [InlineData("/custom/otlp/metrics", "/custom/otlp/metrics")]
    public async Task Export_EndpointSet_ProtobufPostWithTheHubsMetrics(string endpointPath, string expectedPath)
    {
        await using var collector = await Collector.StartAsync();
        await using var server = await ServerHost.StartWithArgsAsync(
            [$"--OpenTelemetry:Endpoint={collector.Uri}{endpointPath.TrimStart('/')}", "--OpenTelemetry:ExportIntervalSeconds=0.2"]);
        await using (var glasses = await server.ConnectAsync())
        await using (var app = await server.ConnectAsync())
        {
            await glasses.SendAsync(Messages.Join("glasses_otlp"));
            await TimerAndReconnectTests.WaitUntil(() => server.Hub.GetStatus().Rooms.Count == 1);
            await app.SendAsync(Messages.Join("app_otlp"));
            await glasses.ReceiveAsync("role");
            await app.ReceiveAsync("role");
            await glasses.SendAsync(Messages.Relay("offer", "glasses_otlp", "app_otlp", new() { ["type"] = "offer", ["sdp"] = "v=0" }));
            await app.ReceiveAsync("offer");
        }

        // Protobuf keeps strings as UTF-8: the instrument names, their descriptions, the service's resource.
        // An export taken before this server paired lacks some (the meter's name is shared with the other
        // test servers of this process, whose instruments the SDK also listens to), so wait for one with all.
        string[] expected = ["tandem_messages_forwarded", "Messages forwarded between peers, by type", "tandem_pairs", "tandem_connections_accepted", "tandem-server"];
        var export = await collector.WaitForAsync(body => expected.All(name => body.Contains(name, StringComparison.Ordinal)));
        Assert.Equal(expectedPath, export.Path);
        Assert.Equal("application/x-protobuf", export.ContentType);
    }

    [Fact]
    public async Task Export_EndpointNotSet_NoExporter()
    {
        await using var server = await ServerHost.StartWithArgsAsync([]);
        Assert.Null(server.Services.GetService(typeof(OpenTelemetry.Metrics.MeterProvider)));
    }

    /// <summary>A minimal OTLP/HTTP receiver: Kestrel on a free loopback port, every POST kept.</summary>
    private sealed class Collector : IAsyncDisposable
    {
        private readonly WebApplication _app;
        private readonly Channel<(string Path, string? ContentType, string Body)> _posts = Channel.CreateUnbounded<(string, string?, string)>();

        private Collector(WebApplication app) => _app = app;

        public Uri Uri { get; private set; } = null!;

        public static async Task<Collector> StartAsync()
        {
            var builder = WebApplication.CreateSlimBuilder();
            builder.Logging.ClearProviders();
            builder.WebHost.ConfigureKestrel(k => k.Listen(IPAddress.Loopback, 0));
            var app = builder.Build();
            var collector = new Collector(app);
            app.MapPost("/{**path}", async (HttpRequest request) =>
            {
                using var body = new MemoryStream();
                await request.Body.CopyToAsync(body);
                // Latin-1 maps every byte to one char, so UTF-8 strings inside the protobuf stay searchable.
                collector._posts.Writer.TryWrite((request.Path.Value!, request.ContentType, Encoding.Latin1.GetString(body.ToArray())));
                return Results.Ok();
            });
            await app.StartAsync();
            var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
            collector.Uri = new Uri(address.TrimEnd('/') + "/");
            return collector;
        }

        public async Task<(string Path, string? ContentType, string Body)> WaitForAsync(Func<string, bool> match)
        {
            using var timeout = new CancellationTokenSource(TimeSpan.FromSeconds(30));
            while (true)
            {
                var post = await _posts.Reader.ReadAsync(timeout.Token);
                if (match(post.Body))
                {
                    return post;
                }
            }
        }

        public async ValueTask DisposeAsync()
        {
            await _app.StopAsync();
            await _app.DisposeAsync();
        }
    }
}

[CollectionDefinition(nameof(OtlpExportTests), DisableParallelization = true)]
public sealed class OtlpExportCollection;
