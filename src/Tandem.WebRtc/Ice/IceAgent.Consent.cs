namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    private static readonly TimeSpan FastConsentInterval = TimeSpan.FromSeconds(1);
    private TimeSpan _lastConsentSentAt;

    /// <summary>The selected pair is silent or its local address is gone (cleared by anything heard after <see cref="_pathDownAt"/>).</summary>
    private bool _pathDown;
    private TimeSpan _pathDownAt;

    /// <summary><see cref="RestartNeeded"/> was raised for the current outage; cleared once a pair is heard or selected again.</summary>
    private bool _restartAsked;

    /// <summary>
    /// The agent lost its path (nothing heard on the selected pair for <see cref="IceSettings.DisconnectedTimeout"/>,
    /// consent expired, or the pair's local address disappeared), or a new local address appeared while it
    /// was disconnected. The agent cannot signal: the offerer answers this with <see cref="RestartIce"/> and a
    /// new offer (RFC 8445 §9); an answerer asks its peer to do so. Raised once per outage (again when consent
    /// expires or the addresses change), outside the agent's lock.
    /// </summary>
    public event Action<IceRestartReason>? RestartNeeded;

    /// <summary>
    /// RFC 7675 §5.1: consent checks on the selected pair (before nomination: on the valid pair data
    /// flows on) every 0.8–1.2 × the interval (every second while answers are overdue); no answer for
    /// <see cref="IceSettings.ConsentTimeout"/> and consent is lost: sending stops. Liveness on top,
    /// while media is expected (some came within the last consent interval): a pair silent for a third of
    /// <see cref="IceSettings.DisconnectedTimeout"/> is probed every sixth of it, and one silent for all
    /// of it is Disconnected and asks for a restart. An idle pair (a quiet data channel) is only checked at
    /// the consent interval, so it is Disconnected after that interval plus the timeout without an answer.
    /// </summary>
    private void CheckConsent(TimeSpan now)
    {
        if ((_selected ?? _sendPair) is not { } pair || _consentLost)
        {
            return;
        }

        if (now - pair.LastResponseAt >= _options.Settings.ConsentTimeout)
        {
            _consentLost = true;
            UpdateDataPairs();

            // A restart already under way (a newer generation checking) is not interrupted by a new one.
            AskRestart(IceRestartReason.PathSilent, force: pair.Generation == _generation);
            return;
        }

        var media = LastMedia(pair);
        var heard = media > pair.LastResponseAt ? media : pair.LastResponseAt;
        var silence = now - heard;
        var expectingMedia = media > TimeSpan.Zero && now - media < _options.Settings.ConsentInterval;
        if (_pathDown && heard > _pathDownAt)
        {
            _pathDown = false;
            _restartAsked = false;
        }
        else if (!_pathDown && silence >= _options.Settings.DisconnectedTimeout + (expectingMedia ? TimeSpan.Zero : _options.Settings.ConsentInterval))
        {
            MarkPathDown(now, IceRestartReason.PathSilent);
        }

        var probe = expectingMedia && silence >= _options.Settings.DisconnectedTimeout / 3 && now - _lastConsentSentAt >= _options.Settings.DisconnectedTimeout / 6;
        if ((now < _nextConsentAt && !probe) || (pair.Generation != _generation && _legacyRemoteCredentials is null))
        {
            return;
        }

        // The previous consent request is still unanswered: probe faster, to recover (or fail) sooner.
        var overdue = pair.LastResponseAt < _lastConsentSentAt;
        Send(CreateCheck(pair, IceTransactionKind.Consent, useCandidate: false), now);
        _lastConsentSentAt = now;
        _nextConsentAt = now + (overdue ? FastConsentInterval : NextConsentInterval());
    }

    /// <summary>When media last came from the pair's remote address (zero: never).</summary>
    private TimeSpan LastMedia(IceCandidatePair pair)
    {
        var timestamp = Volatile.Read(ref pair.HeardTimestamp);
        return timestamp == 0 ? TimeSpan.Zero : _time.GetElapsedTime(_startTimestamp, timestamp);
    }

    private void MarkPathDown(TimeSpan now, IceRestartReason reason)
    {
        _pathDown = true;
        _pathDownAt = now;
        AskRestart(reason, force: reason != IceRestartReason.PathSilent);
    }

    /// <summary>Queues <see cref="RestartNeeded"/> once per outage, or again when <paramref name="force"/> (something changed).</summary>
    private void AskRestart(IceRestartReason reason, bool force)
    {
        if ((_restartAsked && !force) || _closed || _selected is null && _sendPair is null && !_consentLost)
        {
            return;
        }

        _restartAsked = true;
        Raise(() => SubscriberDispatch.Invoke(RestartNeeded, reason, "IceAgent.RestartNeeded", _options.Logger));
    }

    private TimeSpan NextConsentInterval() =>
        _options.Settings.ConsentInterval * (0.8 + (0.4 * Random.Shared.NextDouble()));
}
