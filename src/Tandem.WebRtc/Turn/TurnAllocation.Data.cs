using System.Buffers;
using System.Net;
using System.Net.Sockets;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Turn;

internal sealed partial class TurnAllocation
{
    private static readonly IPEndPoint V4Template = new(IPAddress.Any, 0);
    private static readonly IPEndPoint V6Template = new(IPAddress.IPv6Any, 0);
    private readonly Dictionary<IPAddress, TurnPermission> _permissions = [];
    private readonly List<TurnPeer> _peerList = [];
    private volatile TurnPeer[] _peers = [];
    private ushort _nextChannel = TurnChannelData.MinChannel;

    /// <summary>
    /// Sends <paramref name="data"/> to a peer through the relay: as ChannelData once the peer's channel
    /// is bound, as a Send indication (RFC 8656 §11.1) once its permission is installed, else held (a few
    /// datagrams) while CreatePermission and ChannelBind go out. Lock-free for a known peer; never throws.
    /// </summary>
    public void SendTo(ReadOnlySpan<byte> data, SocketAddress peerAddress)
    {
        var peer = FindPeer(peerAddress);
        if (peer is null || !peer.Permission.Installed)
        {
            SendBeforePermission(data, peerAddress);
            return;
        }

        var padded = _connection.IsStream;
        if (peer.ChannelBound)
        {
            var size = TurnChannelData.GetSize(data.Length, padded);
            var rented = ArrayPool<byte>.Shared.Rent(size);
            try
            {
                TurnChannelData.Write(rented, peer.Channel, data, padded);
                _connection.Send(rented.AsSpan(0, size));
            }
            finally
            {
                ArrayPool<byte>.Shared.Return(rented);
            }

            return;
        }

        SendIndication(data, peer.EndPoint);
    }

    /// <summary>Peers seen so far (for tests and diagnostics).</summary>
    internal IReadOnlyList<TurnPeer> Peers => _peers;

    private void SendIndication(ReadOnlySpan<byte> data, IPEndPoint peer)
    {
        // RFC 8656 §11.1: XOR-PEER-ADDRESS and DATA; indications are not authenticated.
        var size = StunMessage.HeaderSize + 4 + 20 + 4 + ((data.Length + 3) & ~3);
        var rented = ArrayPool<byte>.Shared.Rent(size);
        try
        {
            var writer = new StunMessageWriter(rented, StunClass.Indication, StunMethod.Send, StunTransactionId.NewId());
            writer.AddXorPeerAddress(peer);
            writer.AddData(data);
            _connection.Send(writer.Written);
        }
        finally
        {
            ArrayPool<byte>.Shared.Return(rented);
        }
    }

    private void SendBeforePermission(ReadOnlySpan<byte> data, SocketAddress peerAddress)
    {
        byte[]? ready = null;
        IPEndPoint? readyTo = null;
        lock (_gate)
        {
            if (_state != TurnAllocationState.Allocated)
            {
                return;
            }

            var peer = FindPeer(peerAddress) ?? AddPeer(ToEndPoint(peerAddress));
            RequestPermission(peer.Permission);
            RequestChannel(peer);
            if (peer.Permission.Installed)
            {
                // Installed between the lock-free look and the lock.
                ready = data.ToArray();
                readyTo = peer.EndPoint;
            }
            else if (!peer.Permission.Refused)
            {
                if (peer.Pending.Count >= _options.MaxPendingPerPeer)
                {
                    peer.Pending.RemoveAt(0);
                }

                peer.Pending.Add(data.ToArray());
            }

            Schedule();
        }

        if (ready is not null)
        {
            SendIndication(ready, readyTo!);
        }
    }

    private void RequestPermission(TurnPermission permission)
    {
        if (!permission.Installed && !permission.Requested && !permission.Refused)
        {
            permission.Requested = true;
            SendRequest(StunMethod.CreatePermission, permission: permission);
        }
    }

    private void RequestChannel(TurnPeer peer)
    {
        if (peer.ChannelBound || peer.ChannelRequested || peer.Permission.Refused)
        {
            return;
        }

        if (peer.Channel == 0)
        {
            if (_nextChannel > TurnChannelData.MaxChannel)
            {
                // RFC 8656 §12: 4096 channels at most; further peers use Send indications.
                return;
            }

            peer.Channel = _nextChannel++;
        }

        peer.ChannelRequested = true;
        SendRequest(StunMethod.ChannelBind, peer: peer);
    }

    /// <summary>A permission is in place: refresh it in 4 minutes, and send what waited for it.</summary>
    private void InstallPermission(TurnPermission permission, TimeSpan now)
    {
        permission.Installed = true;
        permission.Refused = false;
        permission.RefreshAt = now + _options.PermissionRefresh;
        foreach (var peer in _peerList)
        {
            if (peer.Permission == permission)
            {
                foreach (var datagram in peer.Pending)
                {
                    SendIndication(datagram, peer.EndPoint);
                }

                peer.Pending.Clear();
            }
        }
    }

    private TurnPeer AddPeer(IPEndPoint endPoint)
    {
        if (!_permissions.TryGetValue(endPoint.Address, out var permission))
        {
            permission = new TurnPermission(endPoint.Address);
            _permissions[endPoint.Address] = permission;
        }

        var peer = new TurnPeer(endPoint, permission);
        _peerList.Add(peer);
        _peers = [.. _peerList];
        return peer;
    }

    private TurnPeer? FindPeer(SocketAddress address)
    {
        foreach (var peer in _peers)
        {
            if (peer.Address.Equals(address))
            {
                return peer;
            }
        }

        return null;
    }

    private static IPEndPoint ToEndPoint(SocketAddress address) =>
        (IPEndPoint)(address.Family == AddressFamily.InterNetworkV6 ? V6Template : V4Template).Create(address);

    /// <summary>Entry point of the connection's receive loop: ChannelData, Data indications, responses.</summary>
    private void OnFrame(ReadOnlySpan<byte> frame)
    {
        if (TurnChannelData.TryParse(frame, out var channel, out var payload))
        {
            foreach (var peer in _peers)
            {
                if (peer.ChannelBound && peer.Channel == channel)
                {
                    DataHandler?.Invoke(payload, peer.Address);
                    return;
                }
            }

            return;
        }

        if (!StunMessage.TryParse(frame, out var message) || (message.HasFingerprint && !message.VerifyFingerprint()))
        {
            return;
        }

        if (message.Class == StunClass.Indication)
        {
            if (message.Method == StunMethod.Data)
            {
                OnDataIndication(message);
            }

            return;
        }

        if (message.Class is StunClass.SuccessResponse or StunClass.ErrorResponse)
        {
            lock (_gate)
            {
                if (_state is not (TurnAllocationState.Closed or TurnAllocationState.Failed))
                {
                    OnResponse(message);
                }
            }

            FlushEvents();
        }
    }

    /// <summary>RFC 8656 §11.4: a Data indication carries the peer's address and its datagram.</summary>
    private void OnDataIndication(StunMessage message)
    {
        if (!message.TryGetXorPeerAddress(out var from) || from is null || !message.TryGetData(out var data))
        {
            return;
        }

        TurnPeer? peer = null;
        foreach (var known in _peers)
        {
            if (known.EndPoint.Equals(from))
            {
                peer = known;
                break;
            }
        }

        if (peer is null)
        {
            // Another port of a permitted address (a peer-reflexive address to ICE): remember it so its
            // socket address stays one instance.
            lock (_gate)
            {
                peer = FindPeer(from.Serialize()) ?? AddPeer(from);
            }
        }

        DataHandler?.Invoke(data, peer.Address);
    }
}
