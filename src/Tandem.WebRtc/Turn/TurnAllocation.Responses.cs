using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Turn;

internal sealed partial class TurnAllocation
{
    /// <summary>A success or error response from the server (under the lock).</summary>
    private void OnResponse(StunMessage response)
    {
        if (!_transactions.TryGetValue(response.TransactionId, out var transaction))
        {
            return;
        }

        // RFC 8489 §9.2.5: a response that carries MESSAGE-INTEGRITY must verify with our key, else it is discarded
        // (the transaction goes on). 401 and 438 answers to an unsigned request carry none.
        if (_key is not null && response.HasMessageIntegrity && !response.VerifyMessageIntegrity(_key))
        {
            return;
        }

        _transactions.Remove(transaction.Id);
        if (response.Class == StunClass.ErrorResponse)
        {
            response.TryGetErrorCode(out var code, out var reason);
            OnErrorResponse(transaction, response, code, reason);
        }
        else
        {
            OnSuccess(transaction, response);
        }

        if (_state is not (TurnAllocationState.Closed or TurnAllocationState.Failed))
        {
            Schedule();
        }
    }

    private void OnSuccess(TurnTransaction transaction, StunMessage response)
    {
        var now = Now;
        switch (transaction.Method)
        {
            case StunMethod.Allocate when _state == TurnAllocationState.Allocating:
                if (!response.TryGetXorRelayedAddress(out var relayed) || relayed is null)
                {
                    FailLocked(new TurnError(_server.Url, 0, $"{_server.Url}: the Allocate answer has no XOR-RELAYED-ADDRESS: this is not a TURN server"));
                    return;
                }

                response.TryGetXorMappedAddress(out var mapped);
                RelayedEndPoint = relayed;
                MappedEndPoint = mapped;
                SetLifetime(response, now);
                _state = TurnAllocationState.Allocated;
                _events.Enqueue(() => Allocated?.Invoke(this));
                break;
            case StunMethod.Refresh when _state == TurnAllocationState.Closing:
                FinishLocked(TurnAllocationState.Closed);
                break;
            case StunMethod.Refresh:
                SetLifetime(response, now);
                break;
            case StunMethod.CreatePermission:
                transaction.Permission!.Requested = false;
                InstallPermission(transaction.Permission, now);
                break;
            case StunMethod.ChannelBind:
                var peer = transaction.Peer!;
                peer.ChannelRequested = false;
                peer.ChannelBound = true;
                peer.ChannelRefreshAt = now + _options.ChannelRefresh;

                // RFC 8656 §12.2: a binding installs or refreshes the permission of the peer's address too.
                InstallPermission(peer.Permission, now);
                break;
            default:
                break;
        }
    }

    /// <summary>RFC 8656 §8: the next Refresh goes a minute (or half the lifetime, if shorter) before expiry.</summary>
    private void SetLifetime(StunMessage response, TimeSpan now)
    {
        Lifetime = response.TryGetLifetime(out var seconds) ? TimeSpan.FromSeconds(seconds) : TimeSpan.FromMinutes(10);
        var margin = Min(_options.RefreshMargin, Lifetime / 2);
        _refreshAt = now + Lifetime - margin;
    }

    private void OnErrorResponse(TurnTransaction transaction, StunMessage response, int code, string reason)
    {
        // RFC 8489 §9.2.5: 401 to an unsigned request brings REALM and NONCE: sign and send again.
        if (code == StunErrorCodes.Unauthorized && !transaction.Authenticated && TakeRealmAndNonce(response))
        {
            _key = StunCredentials.LongTermKey(_server.Username, _realm!, _server.Password);
            Resend(transaction, transaction.StaleNonceRetries);
            return;
        }

        // RFC 8489 §9.2.5: 438 Stale Nonce: the same request again with the new NONCE (a few times at most).
        if (code == StunErrorCodes.StaleNonce && transaction.StaleNonceRetries < _options.MaxStaleNonceRetries && TakeRealmAndNonce(response))
        {
            _key = StunCredentials.LongTermKey(_server.Username, _realm!, _server.Password);
            Resend(transaction, transaction.StaleNonceRetries + 1);
            return;
        }

        var error = new TurnError(_server.Url, code, Describe(transaction.Method, code, reason));
        switch (transaction.Method)
        {
            case StunMethod.Allocate:
            case StunMethod.Refresh when _state != TurnAllocationState.Closing:
                FailLocked(error);
                break;
            case StunMethod.Refresh:
                // Deleting: whatever the answer, we are done with it.
                FinishLocked(TurnAllocationState.Closed);
                break;
            case StunMethod.CreatePermission:
                transaction.Permission!.Requested = false;
                transaction.Permission.Refused = true;
                break;
            case StunMethod.ChannelBind:
                // Data keeps going as Send indications.
                transaction.Peer!.ChannelRequested = false;
                break;
            default:
                break;
        }
    }

    private bool TakeRealmAndNonce(StunMessage response)
    {
        if (!response.TryGetNonce(out string? nonce) || string.IsNullOrEmpty(nonce))
        {
            return false;
        }

        _nonce = nonce;
        if (response.TryGetRealm(out string? realm) && !string.IsNullOrEmpty(realm))
        {
            _realm = realm;
        }

        return _realm is not null;
    }

    private string Describe(StunMethod method, int code, string reason)
    {
        var what = $"{_server.Url}: the TURN server answered {method} with {code} {reason}".TrimEnd();
        return code switch
        {
            StunErrorCodes.Unauthorized or StunErrorCodes.WrongCredentials =>
                $"{what}: it refused the credentials of '{_server.Username}'. Check the username and credential; " +
                "credentials issued by the signaling server expire (Turn:TtlSeconds) and need its Turn:Secret to equal the TURN server's static-auth-secret",
            StunErrorCodes.StaleNonce => $"{what}: the nonce kept going stale; try again",
            StunErrorCodes.Forbidden => $"{what}: the server does not allow this (a denied peer address or user)",
            StunErrorCodes.AllocationQuotaReached => $"{what}: this user has too many allocations; close some or raise the server's quota",
            StunErrorCodes.InsufficientCapacity => $"{what}: the server has no relay port left; try another server",
            StunErrorCodes.UnsupportedTransportProtocol => $"{what}: the server does not relay UDP",
            StunErrorCodes.AllocationMismatch => $"{what}: the server has no allocation for this client (it expired or the server restarted)",
            _ => what,
        };
    }
}
