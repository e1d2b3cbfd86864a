using System.Globalization;
using System.Runtime.InteropServices;
using Microsoft.Extensions.Logging;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Cluster;
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
    private readonly Dictionary<string, int> _perAddress = new(StringComparer.Ordinal);
    private readonly TimeProvider _time;
    private readonly ILogger _logger;
    private readonly IJoinAuthorizer? _authorizer;
    private readonly MessageRateLimits _rateLimits;
    private long _nextClientId;
    private int _queued;
    private int _connectionCount;
    private bool _shuttingDown;

    /// <summary>
    /// Creates a hub; with <paramref name="authorizer"/>, every join must pass it (1008 otherwise); with
    /// <paramref name="cluster"/>, rooms are shared with the other nodes of that store (null: this process alone).
    /// </summary>
    public SignalingHub(SignalingOptions options, TimeProvider time, ILogger<SignalingHub> logger, IJoinAuthorizer? authorizer = null, IClusterStore? cluster = null)
    {
        _cluster = cluster;
        Options = options;
        _rateLimits = new MessageRateLimits(options.MaxOfferAnswerPerSecond, options.MaxIcePerSecond, options.MaxJoinLeavePerSecond);
        _time = time;
        _logger = logger;
        _authorizer = authorizer;
        Metrics = new SignalingMetrics();
        RegisterGauges();
        cluster?.Start(this);
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
    /// At capacity (R33), or while shutting down, the client is sent 1007 and closed with 1013; so is
    /// one more from an address that has <see cref="SignalingOptions.MaxConnectionsPerAddress"/> open (R40).
    /// </summary>
    public SignalingClient Connect(string remoteAddress, Func<SignalingClient, ISignalingConnection> attach, ConnectionDetails details = default)
    {
        using (EnterGate())
        {
            var id = "c" + (++_nextClientId).ToString(CultureInfo.InvariantCulture);
            var client = new SignalingClient(id, remoteAddress, _time.GetUtcNow(), attach, details);
            Metrics.ConnectionAccepted();
            if (_clients.Count - _remoteCount >= Options.MaxConnections || _shuttingDown)
            {
                SendError(client, ErrorCode.ServerError, "server at capacity: try again later", null);
                Close(client, CloseCodes.TryAgainLater, "server at capacity", dropFromRoom: false);
                LogCapacityRejected(id, remoteAddress, _clients.Count);
                return client;
            }

            _perAddress.TryGetValue(client.AddressKey, out var fromAddress);
            if (Options.MaxConnectionsPerAddress > 0 && fromAddress >= Options.MaxConnectionsPerAddress)
            {
                SendError(client, ErrorCode.ServerError, $"too many connections from your address (at most {Options.MaxConnectionsPerAddress}): close some, then try again", null);
                Close(client, CloseCodes.TryAgainLater, "too many connections from this address", dropFromRoom: false);
                LogAddressCapRejected(id, remoteAddress, fromAddress);
                return client;
            }

            _perAddress[client.AddressKey] = fromAddress + 1;
            _clients.Add(id, client);
            Volatile.Write(ref _connectionCount, _clients.Count - _remoteCount);
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
            if (!client.IsClosed)
            {
                CloseClient(client);
                DropFromRoom(client);
            }

            RemoveClient(client, reason);
        }
    }

    /// <summary>Under the lock: forgets a closed client; its room slot was handled already.</summary>
    private void RemoveClient(SignalingClient client, string reason)
    {
        if (!_clients.Remove(client.Id))
        {
            return;
        }

        if (client.EdgeNode is not null)
        {
            _remote.TryRemove(client.Id, out _);
            _remoteCount--;
        }
        else if (--CollectionsMarshal.GetValueRefOrNullRef(_perAddress, client.AddressKey) == 0)
        {
            _perAddress.Remove(client.AddressKey);
        }

        Volatile.Write(ref _connectionCount, _clients.Count - _remoteCount);
        if (client.HomeNode is { } home)
        {
            // The home holds its slot: for its room this is a socket closed without leave (R30).
            _cluster!.Publish(home, ClusterFrame.Write(ClusterFrameKind.Detach, 0, _cluster.NodeId, client.Id, reason, default));
        }

        LogDisconnected(client.Id, client.RecipientId, client.RemoteAddress, reason);
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
