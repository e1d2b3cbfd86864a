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
    /// <summary>Builds the application from command-line arguments (and appsettings.json, environment).</summary>
    public static WebApplication Build(string[] args, Action<WebApplicationBuilder>? configure = null)
    {
        // Content root = the build output, so appsettings.json is found from any working directory.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = args, ContentRootPath = AppContext.BaseDirectory });
        builder.Logging.AddTandemConsole(builder.Configuration);
        configure?.Invoke(builder);
        var settings = ServerSettings.Load(builder.Configuration);
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.Listen(settings.ListenAddress, settings.Port);
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
