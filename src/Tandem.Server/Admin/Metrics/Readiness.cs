using Tandem.Server.Admin.Status;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Admin.Metrics;

/// <summary>
/// Whether the server accepts new signaling connections: started (Kestrel listens), not stopping,
/// and below <c>MaxConnections</c> (a connection beyond it is refused, R33).
/// </summary>
internal sealed class Readiness(IHostApplicationLifetime lifetime, SignalingHub hub, AdminFeed feed)
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

        // The feed's snapshot is at most a second old: close enough, and /readyz may be polled often.
        var connections = feed.Latest.Totals.Connections;
        return connections >= hub.Options.MaxConnections
            ? (false, $"at capacity: {connections} of {hub.Options.MaxConnections} connections")
            : (true, $"ready: {connections} of {hub.Options.MaxConnections} connections");
    }
}
