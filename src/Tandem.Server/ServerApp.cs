using System.Net;
using Microsoft.AspNetCore.Server.Kestrel.Transport.Sockets;
using Tandem.Server.Admin;
using Tandem.Server.App;
using Tandem.Server.Configuration;
using Tandem.Server.Hosting;
using Tandem.Server.Logging;
using Tandem.Server.WebSockets;
using Tandem.Signaling.Hub;

namespace Tandem.Server;

/// <summary>Builds the server: configuration, Kestrel, the hub, and the HTTP and WebSocket endpoints.</summary>
public static class ServerApp
{
    /// <summary>
    /// Builds the application from command-line arguments (and appsettings.json, environment) and binds
    /// its listening socket. Throws <see cref="InvalidSettingsException"/> for unusable settings and
    /// <see cref="CannotListenException"/> when the address and port cannot be bound.
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
        var listen = ListenSocket.Bind(new IPEndPoint(settings.ListenAddress, settings.Port));
        builder.Services.AddSingleton(_ => listen);
        builder.Services.Configure<SocketTransportOptions>(o => o.CreateBoundListenSocket = listen.Take);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(listen.EndPoint);
            kestrel.AddServerHeader = false;
            KestrelLimits.Apply(kestrel.Limits, settings.Signaling);
        });
        builder.Services.Configure<HostOptions>(o => o.ShutdownTimeout = TimeSpan.FromSeconds(5));
        builder.Services.AddSingleton(settings);
        builder.Services.AddSingleton(settings.Signaling);
        builder.Services.AddSingleton(TimeProvider.System);
        builder.Services.AddSingleton<SignalingHub>();
        builder.Services.AddHostedService<StatsLogger>();
        builder.Services.AddAdmin(builder.Configuration);

        var app = builder.Build();
        // Resolved now so the container disposes it with the app if Kestrel never takes it.
        _ = app.Services.GetRequiredService<ListenSocket>();
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
        return app;
    }
}
