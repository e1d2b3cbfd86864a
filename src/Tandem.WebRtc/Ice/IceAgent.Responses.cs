using System.Net;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    /// <summary>RFC 8445 §7.2.5: a response to one of our requests.</summary>
    private void OnResponse(IIceSocket socket, StunMessage response, IPEndPoint from)
    {
        if (!_transactions.TryGetValue(response.TransactionId, out var transaction))
        {
            return;
        }

        if (transaction.Kind == IceTransactionKind.ServerBinding)
        {
            _transactions.Remove(transaction.Id);
            OnServerBindingResponse(transaction, response);
            CheckGatheringDone();
            return;
        }

        // RFC 8489 §9.1.4: a response that fails integrity is discarded; the transaction goes on.
        if (transaction.ResponseKey is not { } key || !response.VerifyMessageIntegrity(key))
        {
            return;
        }

        _transactions.Remove(transaction.Id);
        _responsesReceived++;
        var pair = transaction.Pair!;
        if (pair.Generation != _generation && pair != _selected)
        {
            return;
        }

        if (response.Class == StunClass.ErrorResponse)
        {
            OnErrorResponse(transaction, pair, response);
            return;
        }

        // RFC 8445 §7.2.5.2.1: the response must come back symmetric (same addresses, swapped).
        if (socket != transaction.Socket || !from.Equals(pair.RemoteEndPoint))
        {
            if (transaction.Kind == IceTransactionKind.Check)
            {
                FailPair(pair);
            }

            return;
        }

        var now = Now;
        pair.LastResponseAt = now;
        if (transaction.Attempts == 1)
        {
            pair.RoundTripTime = now - transaction.FirstSentAt;
        }

        if (transaction.Kind == IceTransactionKind.Check)
        {
            OnCheckSucceeded(transaction, pair, now);
        }
    }

    private void OnCheckSucceeded(IceTransaction transaction, IceCandidatePair pair, TimeSpan now)
    {
        // RFC 8445 §7.2.5.3: the pair becomes valid and unfreezes its foundation.
        pair.State = IceCandidatePairState.Succeeded;
        _checkList.UnfreezeFoundation(pair.Foundation);
        if (_selected is null && _firstValidAt is null)
        {
            // Data flows on the first valid pair before nomination: consent starts now (RFC 7675 §5.1).
            _nextConsentAt = now + NextConsentInterval();
        }

        _firstValidAt ??= now;
        UpdateDataPairs();
        if ((transaction.UseCandidate && _role == IceRole.Controlling)
            || (pair.NominateOnSuccess && _role == IceRole.Controlled))
        {
            Nominate(pair);
        }
    }

    private void OnErrorResponse(IceTransaction transaction, IceCandidatePair pair, StunMessage response)
    {
        if (transaction.Kind != IceTransactionKind.Check)
        {
            return;
        }

        // RFC 8445 §7.2.5.1: 487 Role Conflict: switch role (unless already switched) and retry the pair.
        if (response.TryGetErrorCode(out var code, out _) && code == StunErrorCodes.RoleConflict)
        {
            if (transaction.Role == _role)
            {
                SwitchRole(_role == IceRole.Controlling ? IceRole.Controlled : IceRole.Controlling);
            }

            if (_pendingNomination == pair)
            {
                _pendingNomination = null;
            }

            pair.Nominating = false;
            if (pair.State != IceCandidatePairState.Succeeded)
            {
                pair.State = IceCandidatePairState.Waiting;
                _checkList.EnqueueTriggered(pair);
            }

            return;
        }

        FailPair(pair);
    }

    /// <summary>
    /// RFC 8445 §8.1.1 / §7.3.1.5: a nominated valid pair is selected. With several nominations
    /// (a peer nominating aggressively) the highest-priority one that still answers wins; a
    /// selection in the new generation ends the pre-restart pair.
    /// </summary>
    private void Nominate(IceCandidatePair pair)
    {
        pair.Nominated = true;
        pair.NominateOnSuccess = false;
        if (_pendingNomination == pair)
        {
            _pendingNomination = null;
        }

        var now = Now;
        if (_selected == pair
            || (_selected is { } current && current.Generation == pair.Generation && current.Priority > pair.Priority
                && !_consentLost && now - current.LastResponseAt < _options.Settings.DisconnectedTimeout))
        {
            return;
        }

        _selected = pair;
        pair.LastResponseAt = now;
        if (pair.Generation == _generation)
        {
            _legacyRemoteCredentials = null;
            _retiredLocalCredentials = _previousLocalCredentials ?? _retiredLocalCredentials;
            _previousLocalCredentials = null;
        }

        _consentLost = false;
        _pathDown = false;
        _restartAsked = false;

        _nextConsentAt = now + NextConsentInterval();
        UpdateDataPairs();
        Raise(() => SubscriberDispatch.Invoke(SelectedPairChanged, pair, "IceAgent.SelectedPairChanged", _options.Logger));
    }

    /// <summary>
    /// Publishes the lock-free snapshots read by the data path: data is sent on the selected pair
    /// (or, before nomination, the best valid one) and accepted from valid pairs and from addresses
    /// that sent us an authenticated check — a peer may start DTLS as soon as it nominated. What waited for
    /// a usable pair goes out on the first one.
    /// </summary>
    private void UpdateDataPairs()
    {
        if (_consentLost || _closed)
        {
            _sendPair = null;
            _dataPairs = [];
            _heldSends.Clear();
            return;
        }

        var valid = new List<IceCandidatePair>();
        foreach (var p in _checkList.Pairs)
        {
            if (p.State == IceCandidatePairState.Succeeded || p.PeerChecked)
            {
                valid.Add(p);
            }
        }

        if (_selected is not null && !valid.Contains(_selected))
        {
            valid.Add(_selected);
        }

        _dataPairs = [.. valid];
        _sendPair = _selected ?? _checkList.BestValid();
        SendHeld();
    }
}
