using System.Globalization;
using Microsoft.Extensions.Logging;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Hub;

/// <summary>
/// The signaling rules of PROTOCOL.md, without sockets: clients, rooms, pairing, forwarding, timers.
/// Socket loops call in concurrently; parsing happens outside the lock, and every state change and
/// every enqueue happens under <see cref="_gate"/>, which is what keeps per-room message order (R22).
/// </summary>
public sealed partial class SignalingHub : IDisposable
{
    // One lock for all rooms and clients: each critical section is a few dictionary operations and
    // non-blocking enqueues, so contention stays low, and cross-room operations need no lock ordering.
    private readonly Lock _gate = new();
    private readonly Dictionary<string, Room> _rooms = new(StringComparer.Ordinal);
    private readonly Dictionary<string, SignalingClient> _clients = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private long _nextClientId;
    private int _queued;
    private int _connectionCount;
    private bool _shuttingDown;

    /// <summary>Creates a hub.</summary>
    public SignalingHub(SignalingOptions options, TimeProvider time, ILogger<SignalingHub> logger)
    {
        Options = options;
        _time = time;
        _logger = logger;
        Metrics = new SignalingMetrics();
        RegisterGauges();
    }

    /// <summary>The settings in force.</summary>
    public SignalingOptions Options { get; }

    /// <summary>The hub's counters and instruments.</summary>
    public SignalingMetrics Metrics { get; }

    /// <summary>Open connections (R33), read without taking the lock.</summary>
    public int ConnectionCount => Volatile.Read(ref _connectionCount);

    /// <summary>Messages accepted and not yet delivered, server-wide (R34).</summary>
    public int QueuedMessages => Volatile.Read(ref _queued);

    /// <summary>
    /// Registers a new socket (R9). <paramref name="attach"/> builds the connection for the client.
    /// At capacity (R33), or while shutting down, the client is sent 1007 and closed with 1013.
    /// </summary>
    public SignalingClient Connect(string remoteAddress, Func<SignalingClient, ISignalingConnection> attach)
    {
        using (EnterGate())
        {
            var id = "c" + (++_nextClientId).ToString(CultureInfo.InvariantCulture);
            var client = new SignalingClient(id, remoteAddress, _time.GetUtcNow(), attach);
            Metrics.ConnectionAccepted();
            if (_clients.Count >= Options.MaxConnections || _shuttingDown)
            {
                SendError(client, ErrorCode.ServerError, "server at capacity: try again later", null);
                Close(client, CloseCodes.TryAgainLater, "server at capacity", dropFromRoom: false);
                LogCapacityRejected(id, remoteAddress, _clients.Count);
                return client;
            }

            _clients.Add(id, client);
            Volatile.Write(ref _connectionCount, _clients.Count);
            StartJoinTimer(client);
            LogConnected(id, remoteAddress);
            return client;
        }
    }

    /// <summary>The client's socket has closed or died (R4, R30). Safe to call more than once.</summary>
    public void Disconnected(SignalingClient client, string reason)
    {
        using (EnterGate())
        {
            if (!_clients.Remove(client.Id))
            {
                return;
            }

            Volatile.Write(ref _connectionCount, _clients.Count);
            if (!client.IsClosed)
            {
                CloseClient(client);
                DropFromRoom(client);
            }

            LogDisconnected(client.Id, client.RecipientId, client.RemoteAddress, reason);
        }
    }

    /// <summary>The connection wrote <paramref name="message"/> to its socket.</summary>
    public void Delivered(SignalingClient client, in OutboundMessage message)
    {
        Uncount(client);
        client.CountOut(message.Length);
        if (message.ReceivedTimestamp != 0)
        {
            Metrics.ForwardLatency(_time.GetElapsedTime(message.ReceivedTimestamp));
        }
    }

    /// <summary>The connection dropped <paramref name="message"/> unsent (it was closing, or too slow).</summary>
    public void Discarded(SignalingClient client, in OutboundMessage message) => Uncount(client);

    /// <summary>Graceful shutdown: refuse new clients and close every socket with 1001 "going away".</summary>
    public void Shutdown()
    {
        using (EnterGate())
        {
            _shuttingDown = true;
            foreach (var client in _clients.Values)
            {
                CloseClient(client);
                client.Connection.Close(CloseCodes.GoingAway, "going away");
            }

            foreach (var room in _rooms.Values.ToList())
            {
                DestroyRoom(room, "server shutdown");
            }
        }
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Shutdown();
        Metrics.Dispose();
    }
}
