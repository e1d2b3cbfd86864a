using Tandem.WebRtc.Events;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    private static readonly TimeSpan IdleTick = TimeSpan.FromMilliseconds(250);
    private readonly SerialEventQueue<Action> _events = SerialEventQueue.OfActions();
    private TimeSpan _tickPeriod;
    private DateTimeOffset? _gatheringStartedAt;
    private DateTimeOffset? _gatheringCompletedAt;
    private DateTimeOffset? _checkingStartedAt;
    private DateTimeOffset? _connectedAt;
    private long _checksSent;
    private long _checksReceived;
    private long _responsesReceived;
    private long _consentRequestsSent;
    private long _packetsSent;
    private long _bytesSent;
    private long _packetsReceived;
    private long _bytesReceived;
    private long _packetsDropped;

    /// <summary>A snapshot of counters and setup timestamps.</summary>
    public IceAgentStats GetStats()
    {
        lock (_gate)
        {
            return new IceAgentStats
            {
                GatheringStartedAt = _gatheringStartedAt,
                GatheringCompletedAt = _gatheringCompletedAt,
                CheckingStartedAt = _checkingStartedAt,
                ConnectedAt = _connectedAt,
                SelectedLocalCandidate = _selected?.Local.ToString(),
                SelectedRemoteCandidate = _selected?.Remote.ToString(),
                SelectedLocalCandidateType = _selected?.Local.Type,
                SelectedRemoteCandidateType = _selected?.Remote.Type,
                RoundTripTime = _selected?.RoundTripTime,
                ChecksSent = _checksSent,
                ChecksReceived = _checksReceived,
                ResponsesReceived = _responsesReceived,
                ConsentRequestsSent = _consentRequestsSent,
                PacketsSent = Interlocked.Read(ref _packetsSent),
                BytesSent = Interlocked.Read(ref _bytesSent),
                PacketsReceived = Interlocked.Read(ref _packetsReceived),
                BytesReceived = Interlocked.Read(ref _bytesReceived),
                PacketsDropped = Interlocked.Read(ref _packetsDropped),
                ReceiveBufferSize = _locals.Count == 0 ? null : _locals.Min(l => l.Socket.ReceiveBufferSize),
                SendBufferSize = _locals.Count == 0 ? null : _locals.Min(l => l.Socket.SendBufferSize),
            };
        }
    }

    /// <summary>
    /// After any change (under the lock): sends a check if the pacing allows, then recomputes the
    /// connection state from the check list and consent.
    /// </summary>
    private void UpdateState()
    {
        if (_closed)
        {
            return;
        }

        SendCheckIfPaced();

        IceConnectionState next;
        if (_selected is { } old && old.Generation != _generation && (_consentLost || _pathDown))
        {
            // W3C: an ICE restart after the path went down is "checking" until the new generation connects.
            next = _checkList.AllFailed && !HasChecksInFlight() ? IceConnectionState.Failed : IceConnectionState.Checking;
        }
        else if (_consentLost)
        {
            next = IceConnectionState.Failed;
        }
        else if (_selected is not null)
        {
            next = _pathDown ? IceConnectionState.Disconnected
                : _selected.Generation == _generation && _remoteEndOfCandidates && _checkList.IsFinished && _checkList.TriggeredCount == 0
                    ? IceConnectionState.Completed
                    : IceConnectionState.Connected;
        }
        else if (_sendPair is not null)
        {
            // W3C "connected": a usable pair was found while checks go on. Data already flows on the best
            // valid pair (as on libwebrtc's first writable connection): DTLS need not wait for the nomination.
            next = _pathDown ? IceConnectionState.Disconnected : IceConnectionState.Connected;
        }
        else if ((_checkList.AllFailed && !HasChecksInFlight()) || HasNoCandidateForGood())
        {
            next = IceConnectionState.Failed;
        }
        else
        {
            next = _checkingStartedAt is null ? IceConnectionState.New : IceConnectionState.Checking;
        }

        SetState(next);
        AdjustTickRate();
    }

    /// <summary>
    /// Ticks every Ta while there is check or gathering work, and only every
    /// <see cref="IdleTick"/> once connected and idle (consent timing needs no more), so an idle
    /// agent wakes 4 times a second instead of 20.
    /// </summary>
    private void AdjustTickRate()
    {
        if (_timer is null)
        {
            return;
        }

        var busy = _gatheringState == IceGatheringState.Gathering || _pendingNomination is not null
            || (AwaitsNomination() && _checkList.BestValid() is not null)
            || _checkList.TriggeredCount > 0 || HasTransactionsOtherThanConsent()
            || (_remoteCredentials is not null && !_checkList.IsFinished);
        var period = busy ? _options.Settings.Ta : IdleTick;
        if (period != _tickPeriod)
        {
            _tickPeriod = period;
            _timer.Change(period, period);
        }
    }

    private bool HasTransactionsOtherThanConsent()
    {
        foreach (var transaction in _transactions.Values)
        {
            if (transaction.Kind != IceTransactionKind.Consent)
            {
                return true;
            }
        }

        return false;
    }

    private bool HasChecksInFlight()
    {
        foreach (var transaction in _transactions.Values)
        {
            if (transaction.Kind == IceTransactionKind.Check)
            {
                return true;
            }
        }

        return _checkList.TriggeredCount > 0;
    }

    private void SetState(IceConnectionState state)
    {
        if (_state == state)
        {
            return;
        }

        // W3C: "completed" is reached through "connected", as browsers report it.
        if (state == IceConnectionState.Completed && _state is IceConnectionState.New or IceConnectionState.Checking)
        {
            SetState(IceConnectionState.Connected);
        }

        _state = state;
        if (state is IceConnectionState.Connected or IceConnectionState.Completed)
        {
            _connectedAt ??= _time.GetUtcNow();
        }

        Raise(() => SubscriberDispatch.Invoke(ConnectionStateChanged, state, "IceAgent.ConnectionStateChanged", _options.Logger));
    }

    private void SetGatheringState(IceGatheringState state)
    {
        if (_gatheringState == state)
        {
            return;
        }

        _gatheringState = state;
        if (state == IceGatheringState.Complete)
        {
            _gatheringCompletedAt = _time.GetUtcNow();
            _gatheringDone.TrySetResult();
        }

        Raise(() => SubscriberDispatch.Invoke(GatheringStateChanged, state, "IceAgent.GatheringStateChanged", _options.Logger));
    }

    private void MarkCheckingStarted() => _checkingStartedAt ??= _time.GetUtcNow();

    /// <summary>Queues an event (under the lock); <see cref="FlushEvents"/> raises it after the lock is released.</summary>
    private void Raise(Action action) => _events.Enqueue(action);

    /// <summary>
    /// Raises queued events outside the lock, in order, one thread at a time. Each queued event goes through
    /// <see cref="SubscriberDispatch"/>: a subscriber's fault is logged and cannot kill the receive loop or
    /// the Ta timer that raised the event.
    /// </summary>
    private void FlushEvents() => _events.Dispatch();
}
