using Tandem.Signaling.Hub;

namespace Tandem.Server.Admin.Metrics;

/// <summary>
/// Whether the server accepts new signaling connections: started (Kestrel listens), not stopping,
/// and below <c>MaxConnections</c> (a connection beyond it is refused, R33).
/// </summary>
internal sealed class Readiness(IHostApplicationLifetime lifetime, SignalingHub hub)
{
    public (bool Ready, string Reason) Check()
    {
        if (lifetime.ApplicationStopping.IsCancellationRequested)
        {
            return (false, "stopping");
        }

        if (!lifetime.ApplicationStarted.IsCancellationRequested)
        {
            return (false, "starting");
        }

        var connections = hub.ConnectionCount;
        return connections >= hub.Options.MaxConnections
            ? (false, $"at capacity: {connections} of {hub.Options.MaxConnections} connections")
            : (true, $"ready: {connections} of {hub.Options.MaxConnections} connections");
    }
}
