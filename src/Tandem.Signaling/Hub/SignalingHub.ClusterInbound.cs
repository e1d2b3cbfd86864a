using System.Collections.Concurrent;
using System.Text;
using Tandem.Signaling.Auth;
using Tandem.Signaling.Clients;
using Tandem.Signaling.Cluster;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Hub;

// The home side of cluster mode: a member whose socket is on another node (its edge) is a client here
// like any other, whose connection sends frames to the edge. And what the store reports: frames from
// other nodes, a node lost, the rooms to write again after the store lost its data.
public sealed partial class SignalingHub : IClusterHandler
{
    // Members of other nodes by "edge/connection": frames are looked up here without the lock. Added and
    // removed under _gate, together with _clients.
    private readonly ConcurrentDictionary<string, SignalingClient> _remote = new(StringComparer.Ordinal);

    // _remote's count, kept under _gate (ConcurrentDictionary.Count takes every lock of the dictionary).
    private int _remoteCount;

    /// <inheritdoc />
    (int Rooms, int Connections) IClusterHandler.Load
    {
        get
        {
            lock (_gate)
            {
                return (_rooms.Count, ConnectionCount);
            }
        }
    }

    /// <inheritdoc />
    void IClusterHandler.FrameReceived(ReadOnlySpan<byte> bytes)
    {
        if (!ClusterFrame.TryParse(bytes, out var frame))
        {
            LogBadFrame(bytes.Length);
            return;
        }

        switch (frame.Kind)
        {
            case ClusterFrameKind.Message when _remote.TryGetValue(frame.Edge + "/" + frame.Connection, out var member):
                Receive(member, frame.Payload);
                break;
            case ClusterFrameKind.Message:
                // The home does not know the connection (it was restarted, or lost it): the edge closes it, the client comes back.
                _cluster!.Publish(frame.Edge, ClusterFrame.Write(ClusterFrameKind.Close, CloseCodes.TryAgainLater, frame.Edge, frame.Connection, "room home lost: connect again", default));
                break;
            case ClusterFrameKind.Attach:
                Attach(frame.Edge, frame.Connection, frame.Text, Encoding.UTF8.GetString(frame.Payload), silent: frame.Code == SilentAttach);
                break;
            case ClusterFrameKind.Detach when _remote.TryGetValue(frame.Edge + "/" + frame.Connection, out var member):
                Disconnected(member, frame.Text);
                break;
            case ClusterFrameKind.Deliver:
            case ClusterFrameKind.Close:
            case ClusterFrameKind.Release:
                AtEdge(frame);
                break;
        }
    }

    /// <inheritdoc />
    void IClusterHandler.NodeLost(string nodeId)
    {
        using (EnterGate())
        {
            LogNodeLost(nodeId);
            foreach (var client in _clients.Values.ToList())
            {
                if (client.EdgeNode == nodeId)
                {
                    // Its socket was there: for its room this is a socket closed without leave (R30).
                    CloseClient(client);
                    DropFromRoom(client);
                    RemoveClient(client, "node " + nodeId + " lost");
                }
                else if (client.HomeNode == nodeId && client.Identity is { } id && !client.IsClosed)
                {
                    // Its room's home is gone: join again wherever the room goes now (taken over, R30).
                    client.HomeNode = null;
                    client.Silent = true;
                    StartJoinTimer(client);
                    RouteLater(client, id);
                }
            }
        }
    }

    /// <inheritdoc />
    void IClusterHandler.Reset()
    {
        using (EnterGate())
        {
            LogReset();
            foreach (var client in _clients.Values.ToList())
            {
                CloseClient(client);
                if (client.EdgeNode is null)
                {
                    client.Connection.Close(CloseCodes.ServiceRestart, "node restarted: connect again");
                }
                else
                {
                    RemoveClient(client, "node reset");
                }
            }

            foreach (var room in _rooms.Values.ToList())
            {
                DestroyRoom(room, "node reset");
            }
        }
    }

    /// <inheritdoc />
    IReadOnlyCollection<string> IClusterHandler.RelatedNodes()
    {
        using (EnterGate())
        {
            var nodes = new HashSet<string>(StringComparer.Ordinal);
            foreach (var client in _clients.Values)
            {
                if ((client.EdgeNode ?? client.HomeNode) is { } node)
                {
                    nodes.Add(node);
                }
            }

            return nodes;
        }
    }

    /// <inheritdoc />
    void IClusterHandler.WriteRoomsAgain()
    {
        // Under the lock, so that no later removal of a room can be overtaken by this write.
        using (EnterGate())
        {
            foreach (var room in _rooms.Values)
            {
                _cluster!.RoomChanged(Record(room));
            }
        }
    }

    // The Attach code of a member whose room's home was lost: it did not join again, so it takes its
    // held place back without role messages (its peer's media may still flow).
    private const ushort SilentAttach = 1;

    /// <summary>Home: a member of <paramref name="edge"/> joins a room homed here (authorized there).</summary>
    private void Attach(string edge, string connection, string deviceId, string remoteAddress, bool silent)
    {
        if (!DeviceId.TryParse(deviceId, out var id))
        {
            LogBadFrame(deviceId.Length);
            return;
        }

        using (EnterGate())
        {
            var key = edge + "/" + connection;
            if (!_remote.TryGetValue(key, out var client))
            {
                client = new SignalingClient(key, remoteAddress, _time.GetUtcNow(), c => new RemoteConnection(this, c, edge, connection))
                {
                    EdgeNode = edge,
                    EdgeConnectionId = connection,
                };
                _clients.Add(key, client);
                _remote[key] = client;
                _remoteCount++;
                StartJoinTimer(client);
            }

            if (!client.IsClosed && !(silent && ResumeSilently(client, id)))
            {
                Join(client, id, JoinVerdict.Allow);
            }
        }
    }

    /// <summary>Edge: what the home sends for one of this node's sockets.</summary>
    private void AtEdge(in ClusterFrame frame)
    {
        using (EnterGate())
        {
            if (!_clients.TryGetValue(frame.Connection, out var client) || client.IsClosed || client.EdgeNode is not null)
            {
                return;
            }

            switch (frame.Kind)
            {
                case ClusterFrameKind.Deliver:
                    Enqueue(client, OutboundMessage.Copy(frame.Payload));
                    break;
                case ClusterFrameKind.Close:
                    Close(client, frame.Code, frame.Text, dropFromRoom: false);
                    break;
                default:
                    if (DeviceId.TryParse(frame.Text, out var id))
                    {
                        client.HomeNode = null;
                        StartJoinTimer(client);
                        RouteLater(client, id);
                    }

                    break;
            }
        }
    }

    /// <summary>
    /// A member whose socket is on another node: what the hub queues for it goes to its edge at once,
    /// where the edge's hub queues it for the socket (and applies R34 there).
    /// </summary>
    private sealed class RemoteConnection(SignalingHub hub, SignalingClient client, string edge, string connection) : ISignalingConnection
    {
        public void Send(OutboundMessage message)
        {
            hub._cluster!.Publish(edge, ClusterFrame.Write(ClusterFrameKind.Deliver, 0, edge, connection, "", message.Memory.Span));
            hub.Delivered(client, message);
            message.Release();
        }

        public void Close(int closeCode, string reason) =>
            hub._cluster!.Publish(edge, ClusterFrame.Write(ClusterFrameKind.Close, (ushort)closeCode, edge, connection, reason, default));

        public void DropQueued()
        {
            // Nothing waits here: every message went to the edge when it was queued.
        }
    }
}
