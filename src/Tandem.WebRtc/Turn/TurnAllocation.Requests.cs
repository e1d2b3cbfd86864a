using System.Net;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Turn;

internal sealed partial class TurnAllocation
{
    private readonly Dictionary<StunTransactionId, TurnTransaction> _transactions = [];
    private readonly List<TurnTransaction> _due = [];
    private string? _realm;
    private string? _nonce;
    private byte[]? _key;

    /// <summary>Builds and sends a request (signed once the server told us its realm and nonce) and tracks it.</summary>
    private void SendRequest(
        StunMethod method, uint? lifetime = null, TurnPermission? permission = null, TurnPeer? peer = null, int staleNonceRetries = 0)
    {
        var id = StunTransactionId.NewId();
        Span<byte> buffer = stackalloc byte[1024];
        var writer = new StunMessageWriter(buffer, StunClass.Request, method, id);
        switch (method)
        {
            case StunMethod.Allocate:
                // RFC 8656 §7.1: the relay to peers is UDP.
                writer.AddRequestedTransport(StunMessageWriter.TransportUdp);
                break;
            case StunMethod.Refresh when lifetime is { } seconds:
                writer.AddLifetime(seconds);
                break;
            case StunMethod.CreatePermission:
                // RFC 8656 §10.1: the port of XOR-PEER-ADDRESS is ignored; a permission is per IP address.
                writer.AddXorPeerAddress(new IPEndPoint(permission!.Address, 0));
                break;
            case StunMethod.ChannelBind:
                writer.AddChannelNumber(peer!.Channel);
                writer.AddXorPeerAddress(peer.EndPoint);
                break;
            default:
                break;
        }

        var authenticated = _key is not null;
        if (authenticated)
        {
            // RFC 8489 §9.2.4: USERNAME, REALM, NONCE, then MESSAGE-INTEGRITY with the long-term key.
            writer.AddUsername(_server.Username);
            writer.AddRealm(_realm!);
            writer.AddNonce(_nonce!);
            writer.AddMessageIntegrity(_key);
        }

        writer.AddFingerprint();
        var transaction = new TurnTransaction(id, method, writer.Written.ToArray(), authenticated)
        {
            Lifetime = lifetime,
            Permission = permission,
            Peer = peer,
            StaleNonceRetries = staleNonceRetries,
            Attempts = 1,
            Rto = _options.InitialRto,
        };
        transaction.NextAt = Now + (_connection.IsStream ? _options.StreamTimeout : transaction.Rto);
        _transactions[id] = transaction;
        _connection.Send(transaction.Request);
    }

    /// <summary>Sends the same request again as a new transaction: after a 401 (now signed) or a 438 (new nonce).</summary>
    private void Resend(TurnTransaction old, int staleNonceRetries) =>
        SendRequest(old.Method, old.Lifetime, old.Permission, old.Peer, staleNonceRetries);

    private void OnTimer()
    {
        lock (_gate)
        {
            if (_state is TurnAllocationState.Closed or TurnAllocationState.Failed)
            {
                return;
            }

            var now = Now;
            ProcessTimeouts(now);
            if (_state == TurnAllocationState.Closing && now >= _closeDeadline)
            {
                FinishLocked(TurnAllocationState.Closed);
            }
            else if (_state == TurnAllocationState.Allocated)
            {
                RefreshDue(now);
            }

            if (_state is not (TurnAllocationState.Closed or TurnAllocationState.Failed))
            {
                Schedule();
            }
        }

        FlushEvents();
    }

    /// <summary>RFC 8489 §6.2.1: UDP requests are resent with a doubling RTO; the last one waits 16 RTO. Over streams, one wait of Ti.</summary>
    private void ProcessTimeouts(TimeSpan now)
    {
        _due.Clear();
        foreach (var transaction in _transactions.Values)
        {
            if (now >= transaction.NextAt)
            {
                _due.Add(transaction);
            }
        }

        foreach (var transaction in _due)
        {
            if (!_connection.IsStream && transaction.Attempts < _options.MaxAttempts)
            {
                transaction.Attempts++;
                transaction.Rto *= 2;
                transaction.NextAt = now + (transaction.Attempts == _options.MaxAttempts ? _options.InitialRto * 16 : transaction.Rto);
                _connection.Send(transaction.Request);
                continue;
            }

            _transactions.Remove(transaction.Id);
            OnTimedOut(transaction);
            if (_state is TurnAllocationState.Failed or TurnAllocationState.Closed)
            {
                break;
            }
        }

        _due.Clear();
    }

    private void OnTimedOut(TurnTransaction transaction)
    {
        switch (transaction.Method)
        {
            case StunMethod.Allocate:
                FailLocked(new TurnError(_server.Url, 0,
                    $"{_server.Url}: the TURN server did not answer the Allocate request: check the URL, the port and the transport, and that {_server.Transport} to it is allowed"));
                break;
            case StunMethod.Refresh when _state == TurnAllocationState.Closing:
                FinishLocked(TurnAllocationState.Closed);
                break;
            case StunMethod.Refresh:
                FailLocked(new TurnError(_server.Url, 0, $"{_server.Url}: the TURN server stopped answering (Refresh timed out); the relayed candidate is gone"));
                break;
            case StunMethod.CreatePermission:
                // Asked again on the next send to an address of it.
                transaction.Permission!.Requested = false;
                break;
            case StunMethod.ChannelBind:
                transaction.Peer!.ChannelRequested = false;
                break;
            default:
                break;
        }
    }

    /// <summary>RFC 8656 §8, §9, §12: refreshes the allocation, the permissions and the channel bindings before they expire.</summary>
    private void RefreshDue(TimeSpan now)
    {
        if (now >= _refreshAt)
        {
            _refreshAt = TimeSpan.MaxValue;
            SendRequest(StunMethod.Refresh);
        }

        foreach (var permission in _permissions.Values)
        {
            if (permission.Installed && !permission.Requested && now >= permission.RefreshAt)
            {
                permission.Requested = true;
                permission.RefreshAt = TimeSpan.MaxValue;
                SendRequest(StunMethod.CreatePermission, permission: permission);
            }
        }

        foreach (var peer in _peerList)
        {
            if (peer.ChannelBound && !peer.ChannelRequested && now >= peer.ChannelRefreshAt)
            {
                peer.ChannelRequested = true;
                peer.ChannelRefreshAt = TimeSpan.MaxValue;
                SendRequest(StunMethod.ChannelBind, peer: peer);
            }
        }
    }

    /// <summary>Arms the timer for the earliest deadline: a retransmit or timeout, a refresh, or the close timeout.</summary>
    private void Schedule()
    {
        var next = _closeDeadline;
        foreach (var transaction in _transactions.Values)
        {
            next = Min(next, transaction.NextAt);
        }

        if (_state == TurnAllocationState.Allocated)
        {
            next = Min(next, _refreshAt);
            foreach (var permission in _permissions.Values)
            {
                next = permission.Installed && !permission.Requested ? Min(next, permission.RefreshAt) : next;
            }

            foreach (var peer in _peerList)
            {
                next = peer.ChannelBound && !peer.ChannelRequested ? Min(next, peer.ChannelRefreshAt) : next;
            }
        }

        if (next == TimeSpan.MaxValue)
        {
            _timer?.Change(Timeout.InfiniteTimeSpan, Timeout.InfiniteTimeSpan);
            return;
        }

        var due = next - Now;
        _timer?.Change(due < TimeSpan.Zero ? TimeSpan.Zero : due, Timeout.InfiniteTimeSpan);
    }

    private static TimeSpan Min(TimeSpan a, TimeSpan b) => a < b ? a : b;
}
