namespace Tandem.Signaling.Cluster;

/// <summary>
/// Where rooms live when several server nodes act as one (<c>Signaling:Store=redis</c>). Each room has
/// one home node, which runs every rule for it with the hub's lock; a member connected to another node
/// (its edge) has its messages carried to the home and the home's answers carried back, one ordered
/// channel per node, which keeps R22's order. Without a store (the default, <c>memory</c>) the hub
/// never calls any of this.
/// </summary>
public interface IClusterStore
{
    /// <summary>This node's id, unique per process start.</summary>
    string NodeId { get; }

    /// <summary>Starts receiving frames and node events for <paramref name="handler"/>.</summary>
    void Start(IClusterHandler handler);

    /// <summary>
    /// Finds the home of <paramref name="roomId"/> atomically: the node that holds it, or this node when
    /// nobody alive does (two nodes racing get the same answer). A room whose home died is taken over
    /// with the record its home last wrote.
    /// </summary>
    ValueTask<RoomRoute> RouteAsync(string roomId, CancellationToken cancellationToken);

    /// <summary>
    /// Sends a frame to <paramref name="nodeId"/>. Never blocks (called under the hub's lock); frames
    /// to one node arrive in the order they were sent.
    /// </summary>
    void Publish(string nodeId, byte[] frame);

    /// <summary>A room homed here changed: its record is written for a node that may take it over.</summary>
    void RoomChanged(RoomRecord record);

    /// <summary>A room homed here is gone.</summary>
    void RoomRemoved(string roomId);

    /// <summary>The nodes of the cluster, as last heard (for the admin page and <c>/metrics</c>).</summary>
    IReadOnlyList<NodeSnapshot> Nodes { get; }
}

/// <summary>What a node gets from its <see cref="IClusterStore"/>; implemented by the hub.</summary>
public interface IClusterHandler
{
    /// <summary>A frame another node sent to this one (<see cref="ClusterFrame"/>).</summary>
    void FrameReceived(ReadOnlySpan<byte> frame);

    /// <summary><paramref name="nodeId"/> stopped heartbeating: its connections count as closed (R30).</summary>
    void NodeLost(string nodeId);

    /// <summary>The nodes this one exchanges frames with (homes of its members, edges of its rooms' members).</summary>
    IReadOnlyCollection<string> RelatedNodes();

    /// <summary>Writes the record of every room homed here again (<see cref="IClusterStore.RoomChanged"/>), after the store lost its data.</summary>
    void WriteRoomsAgain();

    /// <summary>
    /// The other nodes counted this one as lost (its heartbeat stalled) and took its rooms over: every
    /// connection is closed with 1012 so that its client connects again and finds the rooms where they are now.
    /// </summary>
    void Reset();

    /// <summary>Rooms homed here and open connections, for the heartbeat.</summary>
    (int Rooms, int Connections) Load { get; }
}
