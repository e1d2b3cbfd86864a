using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Tandem.Server.Admin;
using Tandem.Server.App;
using Tandem.Server.Auth;
using Tandem.Server.Cluster;
using Tandem.Server.Configuration;
using Tandem.Server.Hosting;
using Tandem.Server.Logging;
using Tandem.Server.WebSockets;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Cluster;
using Tandem.Signaling.Hub;

namespace Tandem.Server;

/// <summary>Builds the server: configuration, Kestrel, the hub, and the HTTP and WebSocket endpoints.</summary>
public static class ServerApp
{
    /// <summary>
    /// Builds the application from command-line arguments (and appsettings.json, environment) and binds
    /// its listening socket. Throws <see cref="InvalidSettingsException"/> for unusable settings (a TLS certificate among them) and
    /// <see cref="CannotListenException"/> when an address and port cannot be bound.
    /// </summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root = the build output, so appsettings.json is found from any working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        var settings = ServerSettings.Load(builder.Configuration, args);
        // Under systemd (Type=notify): ready/stopping notifications and journald-friendly console lines.
        builder.Services.AddSystemd();
        builder.Logging.AddTandemLogging(builder.Configuration, settings.Values);
        builder.Services.AddOtlpMetrics(settings.Values);
        configure?.Invoke(builder);
        var certificate = TlsCertificate.Load(settings.Values, TimeProvider.System);
        var endpoints = ServerEndpoints.Plan(settings, certificate, builder.Configuration);
        var listen = ListenSockets.Bind(endpoints.Select(e => (e.EndPoint, e.PortKey)));
        builder.Services.AddSingleton(_ => listen);
        builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = listen.Take);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            foreach (var endpoint in endpoints)
            {
                ServerEndpoints.Listen(kestrel, endpoint, certificate);
            }

            kestrel.AddServerHeader = false;
            KestrelLimits.Apply(kestrel.Limits, settings.Signaling);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Signaling);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddJoinAuthorization(settings.Auth);
        builder.Services.AddClusterStore(ClusterSettings.Load(settings.Values), settings.Signaling.ReconnectGrace);
        builder.Services.AddSingleton(sp => new SignalingHub(
            settings.Signaling,
            sp.GetRequiredService<TimeProvider>(),
            sp.GetRequiredService<ILogger<SignalingHub>>(),
            sp.GetService<IJoinAuthorizer>(),
            sp.GetService<IClusterStore>()));
        builder.Services.AddHostedService<StatsLogger>();
        builder.Services.AddAdmin(builder.Configuration);

        var app = builder.Build();
        // Resolved now so the container disposes it with the app if Kestrel never takes it.
        _ = app.Services.GetRequiredService<ListenSockets>();
        if (certificate?.Warning is { } warning)
        {
            app.Logger.LogWarning("{Warning}", warning);
        }

        var hub = app.Services.GetRequiredService<SignalingHub>();
        app.Lifetime.ApplicationStopping.Register(hub.Shutdown);
        app.UseWebSockets(new WebSocketOptions
        {
            KeepAliveInterval = settings.KeepAliveInterval,
            KeepAliveTimeout = settings.KeepAliveTimeout,
        });
        app.MapSignaling();
        app.MapAdmin();
        app.MapAppPage();
        app.MapGet("/healthz", () => Results.Text("ok\n"));
        JoinAuthorization.LogMode(app.Logger, settings.Auth.Mode);
        return app;
    }
}
