using System.Net;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Server.Tests.TestSupport;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Tests.Admin;

/// <summary>
/// A real server (<see cref="ServerHost"/>: Kestrel on a free 127.0.0.1 port) with an HTTP client, for the
/// admin integration tests. Optional test hooks: a <see cref="TimeProvider"/> for the hub, and a header
/// that sets the request's remote address (to play a non-loopback client while every socket stays on loopback).
/// </summary>
internal sealed class AdminServer : IAsyncDisposable
{
    /// <summary>Header that makes the server see the request as coming from the given address.</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private readonly ServerHost _host;

    private AdminServer(ServerHost host)
    {
        _host = host;
        BaseUri = host.HttpUri;
        WebSocketUri = new Uri(host.WebSocketUri, "ws");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri { get; }

    public HttpClient Http { get; }

    public SignalingHub Hub => _host.Hub;

    /// <summary>The server's log lines so far.</summary>
    public IEnumerable<string> Logs => _host.Logs.Lines;

    public static async Task<AdminServer> StartAsync(IEnumerable<string>? settings = null, TimeProvider? time = null)
    {
        var host = await ServerHost.StartWithArgsAsync(["--Signaling:StatsIntervalSeconds=3600", .. settings ?? []], builder =>
        {
            builder.Services.AddTransient<IStartupFilter, RemoteAddressOverride>();
            if (time is not null)
            {
                builder.Host.UseServiceProviderFactory(new OverridingFactory(s => s.AddSingleton(time)));
            }
        });
        return new AdminServer(host);
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _host.DisposeAsync();
    }

    /// <summary>Adds registrations after the server's own, so they win (ServerApp registers TimeProvider.System).</summary>
    private sealed class OverridingFactory(Action<IServiceCollection> apply) : IServiceProviderFactory<IServiceCollection>
    {
        public IServiceCollection CreateBuilder(IServiceCollection services)
        {
            apply(services);
            return services;
        }

        public IServiceProvider CreateServiceProvider(IServiceCollection containerBuilder) => containerBuilder.BuildServiceProvider();
    }

    private sealed class RemoteAddressOverride : IStartupFilter
    {
        public Action<IApplicationBuilder> Configure(Action<IApplicationBuilder> next) => app =>
        {
            app.Use(async (context, nextMiddleware) =>
            {
                if (IPAddress.TryParse(context.Request.Headers[RemoteAddressHeader].ToString(), out var address))
                {
                    context.Connection.RemoteIpAddress = address;
                }

                await nextMiddleware(context);
            });
            next(app);
        };
    }
}
