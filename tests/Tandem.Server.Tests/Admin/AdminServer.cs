using System.Net;
using System.Net.Sockets;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Tests.Admin;

/// <summary>
/// A real server (Kestrel on 127.0.0.1, a free port) for the admin integration tests. Optional test
/// hooks: a <see cref="TimeProvider"/> for the hub, and a header that sets the request's remote
/// address (to play a non-loopback client while every socket stays on loopback).
/// </summary>
internal sealed class AdminServer : IAsyncDisposable
{
    /// <summary>Header that makes the server see the request as coming from the given address.</summary>
    public const string RemoteAddressHeader = "X-Test-Remote-Address";

    private readonly WebApplication _app;

    private AdminServer(WebApplication app, int port)
    {
        _app = app;
        BaseUri = new Uri($"http://127.0.0.1:{port}/");
        WebSocketUri = new Uri($"ws://127.0.0.1:{port}/ws");
        Http = new HttpClient { BaseAddress = BaseUri, Timeout = TimeSpan.FromSeconds(30) };
    }

    public Uri BaseUri { get; }

    public Uri WebSocketUri { get; }

    public HttpClient Http { get; }

    public SignalingHub Hub => _app.Services.GetRequiredService<SignalingHub>();

    public static async Task<AdminServer> StartAsync(IEnumerable<string>? settings = null, TimeProvider? time = null)
    {
        // The port is found by binding port 0 and releasing it; another process may take it in
        // between, so a bind failure picks a new port (this is port allocation, not a test retry).
        for (var attempt = 1; ; attempt++)
        {
            var port = FreePort();
            string[] args =
            [
                "--Signaling:ListenAddress=127.0.0.1",
                $"--Signaling:Port={port}",
                "--Signaling:StatsIntervalSeconds=3600",
                "--Logging:LogLevel:Default=Warning",
                .. settings ?? [],
            ];
            var app = ServerApp.Build(args, builder =>
            {
                builder.Services.AddTransient<IStartupFilter, RemoteAddressOverride>();
                if (time is not null)
                {
                    builder.Host.UseServiceProviderFactory(new OverridingFactory(s => s.AddSingleton(time)));
                }
            });
            try
            {
                await app.StartAsync();
                return new AdminServer(app, port);
            }
            catch (IOException e) when (e.InnerException is AddressInUseException && attempt < 5)
            {
                await app.DisposeAsync();
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        Http.Dispose();
        await _app.StopAsync();
        await _app.DisposeAsync();
    }

    private static int FreePort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
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
