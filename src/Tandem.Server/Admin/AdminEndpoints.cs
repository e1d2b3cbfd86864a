using Tandem.Server.Admin.Metrics;
using Tandem.Server.Admin.Page;
using Tandem.Server.Admin.Security;
using Tandem.Server.Admin.Status;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Admin;

/// <summary>Wires the admin page, status API, event stream, actions, <c>/metrics</c> and <c>/readyz</c>.</summary>
public static class AdminEndpoints
{
    /// <summary>Registers the admin services (reads <c>Admin:Token</c>).</summary>
    public static IServiceCollection AddAdmin(this IServiceCollection services, IConfiguration configuration)
    {
        services.AddSingleton(AdminOptions.Load(configuration));
        services.AddSingleton<AdminSessions>();
        services.AddSingleton<LoginThrottle>();
        services.AddSingleton<AdminGuard>();
        services.AddSingleton(sp => new PrometheusExporter(sp.GetRequiredService<SignalingHub>().Metrics.Meter));
        services.AddSingleton<AdminFeed>();
        services.AddHostedService(sp => sp.GetRequiredService<AdminFeed>());
        services.AddSingleton<Readiness>();
        return services;
    }

    /// <summary>Maps the endpoints; call after <see cref="AddAdmin"/>.</summary>
    public static WebApplication MapAdmin(this WebApplication app)
    {
        // Created now, before the first connection, so /metrics counts from the start.
        _ = app.Services.GetRequiredService<PrometheusExporter>();
        if (app.Services.GetRequiredService<AdminGuard>().HasToken)
        {
            AdminLog.TokenRequired(app.Logger);
        }
        else
        {
            AdminLog.LoopbackOnly(app.Logger);
        }

        app.MapAdminPage();
        app.MapLogin();
        app.MapStatusApi();
        app.MapMetrics();
        return app;
    }
}
