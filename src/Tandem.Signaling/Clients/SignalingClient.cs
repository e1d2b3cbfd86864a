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
    private string? _homeNode;

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

    /// <summary>
    /// With a cluster store: the node that is home to this connection's room, while it is another
    /// node; every message is then carried there as received. Set under the hub's lock.
    /// </summary>
    internal string? HomeNode
    {
        get => Volatile.Read(ref _homeNode);
        set => Volatile.Write(ref _homeNode, value);
    }

    /// <summary>
    /// With a cluster store, while this client's join is being routed: the messages it sent since, as
    /// received, handled in order once the route is known (R22). Under the hub's lock.
    /// </summary>
    internal Queue<byte[]>? Held { get; set; }

    /// <summary>With a cluster store: the join being routed is this member's way back after its room's home was lost (no roles sent).</summary>
    internal bool Silent { get; set; }

    /// <summary>With a cluster store: for a member whose socket is on another node, that node (null for a local socket).</summary>
    internal string? EdgeNode { get; init; }

    /// <summary>The connection id on <see cref="EdgeNode"/>.</summary>
    internal string? EdgeConnectionId { get; init; }

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
