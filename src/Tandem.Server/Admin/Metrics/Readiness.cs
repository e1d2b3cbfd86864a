using Tandem.Signaling.Hub;

namespace Tandem.Server.Admin.Metrics;

/// <summary>
/// Whether the server takes new work: started (Kestrel listens), not stopping, below
/// <c>MaxConnections</c> (a connection beyond it is refused, R33), and relaying (with the server-wide
/// queue full and every receiver within its share, a new offer, answer or ice gets 1007, R34).
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

        var options = hub.Options;
        var connections = hub.ConnectionCount;
        if (connections >= options.MaxConnections)
        {
            return (false, $"at capacity: {connections} of {options.MaxConnections} connections");
        }

        return hub.RefusesRelays
            ? (false, $"busy: {hub.QueuedMessages} of {options.MessageQueueSize} messages queued, new messages get 1007 until it drains")
            : (true, $"ready: {connections} of {options.MaxConnections} connections, {hub.QueuedMessages} of {options.MessageQueueSize} messages queued");
    }
}
