using Tandem.Signaling.Cluster;

namespace Tandem.Server.Cluster;

/// <summary>Registers the cluster store <c>Signaling:Store</c> asks for (none for <c>memory</c>).</summary>
internal static class ClusterServices
{
    public static IServiceCollection AddClusterStore(this IServiceCollection services, ClusterSettings settings, TimeSpan reconnectGrace)
    {
        if (settings.Redis is not null)
        {
            services.AddSingleton(settings);
            services.AddSingleton<IClusterStore>(sp => RedisClusterStore.Connect(settings, reconnectGrace, sp.GetRequiredService<ILogger<RedisClusterStore>>()));
        }

        return services;
    }
}
