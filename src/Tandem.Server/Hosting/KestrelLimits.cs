using Microsoft.AspNetCore.Server.Kestrel.Core;
using Tandem.Signaling.Hub;

namespace Tandem.Server.Hosting;

/// <summary>
/// Kestrel's limits for sockets that never become signaling connections: like a connection that never
/// joins (R29), a socket that never sends a request, or trickles its headers (slowloris), may hold
/// its place no longer than <c>JoinTimeout</c>.
/// </summary>
internal static class KestrelLimits
{
    // A WebSocket upgrade request is a few hundred bytes: any client sends it well within this.
    private static readonly TimeSpan MaxHeadersTime = TimeSpan.FromSeconds(10);

    public static void Apply(KestrelServerLimits limits, SignalingOptions signaling)
    {
        // Also the wait for a connection's first request (Kestrel's default: 130 s).
        limits.KeepAliveTimeout = signaling.JoinTimeout;

        // The whole request head, however slowly it comes (Kestrel's default: 30 s).
        limits.RequestHeadersTimeout = signaling.JoinTimeout < MaxHeadersTime ? signaling.JoinTimeout : MaxHeadersTime;
    }
}
