using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Clients;

/// <summary>
/// One client connection as the hub tracks it (R8, R9). State fields are mutated only under the
/// hub's lock; the traffic counters are updated with interlocked operations from the socket loops.
/// </summary>
public sealed class SignalingClient
{
    // What _pending is set to when the hub closes the client (see Close). Far below zero, so that the
    // writer's later decrements for messages still in the outbox keep it negative without wrapping.
    private const int Detached = int.MinValue / 2;

    private long _messagesIn;
    private long _messagesOut;
    private long _bytesIn;
    private long _bytesOut;
    private int _pending;

    internal SignalingClient(string id, string remoteAddress, DateTimeOffset connectedAt, Func<SignalingClient, ISignalingConnection> attach, ConnectionDetails details = default)
    {
        Id = id;
        RemoteAddress = remoteAddress;
        ConnectedAt = connectedAt;
        AddressKey = details.Host ?? remoteAddress;
        UpgradeToken = details.Token;
        Connection = attach(this);
    }

    /// <summary>The unique connection id (R9).</summary>
    public string Id { get; }

    /// <summary>The remote endpoint, as text.</summary>
    public string RemoteAddress { get; }

    /// <summary>When the socket was accepted.</summary>
    public DateTimeOffset ConnectedAt { get; }

    /// <summary>The connection state.</summary>
    public ConnectionState State { get; internal set; }

    /// <summary>The identity fixed by the first successful join (R15); null before it.</summary>
    public DeviceId? Identity { get; internal set; }

    /// <summary>The room the client is in, if any.</summary>
    public Room? Room { get; internal set; }

    /// <summary>The ICE servers the join's authorizer granted this connection; null when it granted none.</summary>
    internal IReadOnlyList<IceServerGrant>? GrantedIceServers { get; set; }

    /// <summary>True once the hub closed or dropped the connection; later events for it are ignored.</summary>
    public bool IsClosed { get; private set; }

    /// <summary>When the join timeout fires while the client is in no room (R29).</summary>
    public DateTimeOffset? JoinDeadline { get; internal set; }

    /// <summary>Messages received.</summary>
    public long MessagesIn => Interlocked.Read(ref _messagesIn);

    /// <summary>Messages sent.</summary>
    public long MessagesOut => Interlocked.Read(ref _messagesOut);

    /// <summary>Bytes received.</summary>
    public long BytesIn => Interlocked.Read(ref _bytesIn);

    /// <summary>Bytes sent.</summary>
    public long BytesOut => Interlocked.Read(ref _bytesOut);

    /// <summary>Messages queued for this client and not yet sent, counted toward the server-wide bound (R34); 0 once closed.</summary>
    public int Pending => Math.Max(0, Volatile.Read(ref _pending));

    internal ISignalingConnection Connection { get; }

    /// <summary>The remote host, without the port: what the per-address cap counts (R40).</summary>
    internal string AddressKey { get; }

    /// <summary>The <c>?token=</c> of the WebSocket URL, used by a join without <c>data.token</c>.</summary>
    internal string? UpgradeToken { get; }

    /// <summary>True while an authorizer that answers later is checking this client's join.</summary>
    internal bool JoinPending { get; set; }

    /// <summary>Per-type message rates (R39); only this client's receive loop touches them.</summary>
    internal MessageRates Rates { get; } = new();

    internal ITimer? JoinTimer { get; set; }

    internal BadMessageWindow BadMessages { get; } = new();

    /// <summary>The device ids this client sent last, parsed (only its receive loop parses its messages).</summary>
    internal DeviceIdCache Ids { get; } = new();

    internal string RecipientId => Identity?.Value ?? "";

    internal void CountIn(int bytes)
    {
        Interlocked.Increment(ref _messagesIn);
        Interlocked.Add(ref _bytesIn, bytes);
    }

    internal void CountOut(int bytes)
    {
        Interlocked.Increment(ref _messagesOut);
        Interlocked.Add(ref _bytesOut, bytes);
    }

    /// <summary>One more message queued for this client (under the hub's lock, never once closed).</summary>
    internal void AddPending() => Interlocked.Increment(ref _pending);

    /// <summary>
    /// One message left the client's queue (sent or dropped), from its writer, without the hub's lock.
    /// False once the client was closed: the message had already stopped counting server-wide then.
    /// </summary>
    internal bool RemovePending() => Interlocked.Decrement(ref _pending) >= 0;

    /// <summary>
    /// Marks the client closed (under the hub's lock) and returns how many of its messages were still
    /// counted; they stop counting now, whatever the writer still does with them. A decrement racing
    /// with the exchange is counted once: either it lands before (and is not in the result) or after
    /// (and finds the counter negative).
    /// </summary>
    internal int Close()
    {
        if (IsClosed)
        {
            return 0;
        }

        IsClosed = true;
        CancelJoinTimer();
        return Math.Max(0, Interlocked.Exchange(ref _pending, Detached));
    }

    internal void CancelJoinTimer()
    {
        JoinTimer?.Dispose();
        JoinTimer = null;
        JoinDeadline = null;
    }
}
