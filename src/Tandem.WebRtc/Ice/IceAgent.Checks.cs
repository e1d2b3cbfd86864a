using System.Net;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    /// <summary>RFC 8489 §6.2.1: the default initial RTO of a request to a STUN server (the shorter check RTO is for the peer).</summary>
    private static readonly TimeSpan ServerBindingRto = TimeSpan.FromMilliseconds(500);

    /// <summary>The Ta timer (RFC 8445 §6.1.4.2): retransmits, nomination, one new check, consent.</summary>
    private void OnTick()
    {
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            var now = Now;
            ProcessRetransmits(now);
            if (_remoteCredentials is not null)
            {
                MaybeNominate(now);
                if (SendNextCheck(now))
                {
                    _lastCheckAt = now;
                }
            }

            CheckConsent(now);
            CheckGatheringDone();
            UpdateState();
        }

        FlushEvents();
        WatchAddresses();
    }

    /// <summary>
    /// Called after every change (a candidate, credentials, a request or response): when no check
    /// went out in the last Ta, the next one (a new pair, a triggered check, a nomination) goes now
    /// instead of on the next tick, and the Ta timer restarts from this send. RFC 8445 §6.1.4.2
    /// only bounds the pace to one new check per Ta; it does not require waiting for a tick.
    /// </summary>
    private void SendCheckIfPaced()
    {
        if (_closed || _timer is null || _remoteCredentials is null)
        {
            return;
        }

        var now = Now;
        MaybeNominate(now);
        if ((_lastCheckAt is { } last && now - last < _options.Settings.Ta) || !SendNextCheck(now))
        {
            return;
        }

        _lastCheckAt = now;
        _tickPeriod = _options.Settings.Ta;
        _timer.Change(_options.Settings.Ta, _options.Settings.Ta);
    }

    /// <summary>Sends the pending nomination, a triggered check or the next ordinary check; false when there is none.</summary>
    private bool SendNextCheck(TimeSpan now)
    {
        if (_pendingNomination is { } nominee && !HasTransactionFor(nominee))
        {
            Send(CreateCheck(nominee, IceTransactionKind.Check, useCandidate: true), now);
            return true;
        }

        if (_checkList.NextToCheck() is { } pair)
        {
            pair.State = IceCandidatePairState.InProgress;
            Send(CreateCheck(pair, IceTransactionKind.Check, useCandidate: _role == IceRole.Controlling && pair.Nominating), now);
            return true;
        }

        return false;
    }

    /// <summary>
    /// RFC 8445 §8.1.1 regular nomination: once a pair is valid and no better pair can still
    /// succeed (or <see cref="IceSettings.NominationDelay"/> has passed since the first valid
    /// pair), the best valid pair is checked again with USE-CANDIDATE.
    /// </summary>
    private void MaybeNominate(TimeSpan now)
    {
        if (!AwaitsNomination() || _checkList.BestValid() is not { } best)
        {
            return;
        }

        _firstValidAt ??= now;
        if (_checkList.HasPendingAbove(best.Priority) && now - _firstValidAt < _options.Settings.NominationDelay)
        {
            return;
        }

        _pendingNomination = best;
        best.Nominating = true;
    }

    /// <summary>Controlling, nothing selected in this generation and no nomination under way.</summary>
    private bool AwaitsNomination() =>
        _role == IceRole.Controlling && _pendingNomination is null && (_selected is null || _selected.Generation != _generation);

    /// <summary>Builds a connectivity (or consent) check, RFC 8445 §7.2.2.</summary>
    private IceTransaction CreateCheck(IceCandidatePair pair, IceTransactionKind kind, bool useCandidate)
    {
        var remote = pair.Generation == _generation ? _remoteCredentials! : _legacyRemoteCredentials ?? _remoteCredentials!;
        Span<byte> buffer = stackalloc byte[512];
        var id = StunTransactionId.NewId();
        var writer = new StunMessageWriter(buffer, StunClass.Request, StunMethod.Binding, id);
        var localUfrag = pair.PeerKnowsUsAs ?? _localCredentials.Ufrag;
        writer.AddUsername($"{remote.Ufrag}:{localUfrag}");
        if (_options.Settings.Software is { } software)
        {
            writer.AddSoftware(software);
        }

        // RFC 8445 §7.1.1: the priority a peer-reflexive candidate of ours would get.
        writer.AddPriority(IcePriority.ForCandidate(IceCandidateType.PeerReflexive, pair.LocalEndpoint.LocalPreference, 1));
        if (_role == IceRole.Controlling)
        {
            writer.AddIceControlling(_tieBreaker);
        }
        else
        {
            writer.AddIceControlled(_tieBreaker);
        }

        if (useCandidate)
        {
            writer.AddUseCandidate();
        }

        writer.AddMessageIntegrity(remote.Key);
        writer.AddFingerprint();
        return new IceTransaction(id, kind, writer.Written.ToArray(), pair.LocalEndpoint.Socket, pair.RemoteAddress)
        {
            Pair = pair,
            ResponseKey = remote.Key,
            RemoteCredentials = remote,
            LocalUfrag = localUfrag,
            UseCandidate = useCandidate,
            Role = _role,
            MaxAttempts = kind == IceTransactionKind.Consent ? 1 : _options.Settings.MaxCheckAttempts,
        };
    }

    private void Send(IceTransaction transaction, TimeSpan now)
    {
        transaction.FirstSentAt = now;
        transaction.Attempts = 1;
        transaction.Rto = transaction.Kind switch
        {
            IceTransactionKind.Consent => _options.Settings.ConsentInterval,
            IceTransactionKind.ServerBinding => ServerBindingRto,
            _ => _options.Settings.InitialRto,
        };
        transaction.NextAt = now + transaction.Rto;
        _transactions[transaction.Id] = transaction;
        Transmit(transaction);
        if (transaction.Kind == IceTransactionKind.Check)
        {
            MarkCheckingStarted();
        }
    }

    private void Transmit(IceTransaction transaction)
    {
        switch (transaction.Kind)
        {
            case IceTransactionKind.Check:
                _checksSent++;
                break;
            case IceTransactionKind.Consent:
                _consentRequestsSent++;
                break;
            default:
                break;
        }

        SendRaw(transaction.Socket, transaction.Request, transaction.Destination);
    }

    /// <summary>RFC 8489 §6.2.1: resend unchanged with a doubling RTO; after the last attempt the transaction fails.</summary>
    private void ProcessRetransmits(TimeSpan now)
    {
        _scratch.Clear();
        foreach (var transaction in _transactions.Values)
        {
            if (now >= transaction.NextAt)
            {
                _scratch.Add(transaction);
            }
        }

        foreach (var stale in _scratch)
        {
            var transaction = stale;
            if (transaction.Attempts < transaction.MaxAttempts)
            {
                if (IsStaleCheck(transaction))
                {
                    transaction = RebuildCheck(transaction);
                }

                transaction.Attempts++;
                transaction.Rto = TimeSpan.FromTicks(Math.Min(transaction.Rto.Ticks * 2, _options.Settings.MaxRto.Ticks));
                transaction.NextAt = now + transaction.Rto;
                Transmit(transaction);
                continue;
            }

            _transactions.Remove(transaction.Id);
            if (transaction.Kind == IceTransactionKind.Check && transaction.Pair is { } pair)
            {
                FailPair(pair);
            }
        }

        _scratch.Clear();
    }

    /// <summary>
    /// A check built before an ICE restart (ours or the peer's) carries credentials the peer may no
    /// longer accept; resending it unchanged only earns 401s without integrity (RFC 8445 §9).
    /// </summary>
    private bool IsStaleCheck(IceTransaction transaction)
    {
        if (transaction.Kind != IceTransactionKind.Check || transaction.Pair is not { } pair || _remoteCredentials is null)
        {
            return false;
        }

        var remote = pair.Generation == _generation ? _remoteCredentials : _legacyRemoteCredentials ?? _remoteCredentials;
        return transaction.RemoteCredentials != remote || transaction.LocalUfrag != (pair.PeerKnowsUsAs ?? _localCredentials.Ufrag);
    }

    /// <summary>Replaces a stale check with a new transaction (new id, current credentials), keeping its retransmit schedule.</summary>
    private IceTransaction RebuildCheck(IceTransaction stale)
    {
        _transactions.Remove(stale.Id);
        var fresh = CreateCheck(stale.Pair!, IceTransactionKind.Check, stale.UseCandidate);
        fresh.FirstSentAt = stale.FirstSentAt;
        fresh.Attempts = stale.Attempts;
        fresh.Rto = stale.Rto;
        _transactions[fresh.Id] = fresh;
        return fresh;
    }

    private void FailPair(IceCandidatePair pair)
    {
        pair.State = IceCandidatePairState.Failed;
        pair.Nominating = false;
        if (_pendingNomination == pair)
        {
            _pendingNomination = null;
        }

        UpdateDataPairs();
    }

    private bool HasTransactionFor(IceCandidatePair pair)
    {
        foreach (var transaction in _transactions.Values)
        {
            if (transaction.Pair == pair && transaction.Kind == IceTransactionKind.Check)
            {
                return true;
            }
        }

        return false;
    }

    private IceCandidatePair CreatePair(IceLocalEndpoint local, IceCandidate remote, IPEndPoint remoteEndPoint) =>
        new(local, remote, remoteEndPoint, _generation)
        {
            Priority = IceCheckList.ComputePriority(_role, local.Candidate.Priority, remote.Priority),
        };
}
