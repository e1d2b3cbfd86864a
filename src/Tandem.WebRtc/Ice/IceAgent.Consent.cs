namespace Tandem.WebRtc.Ice;

public sealed partial class IceAgent
{
    private static readonly TimeSpan FastConsentInterval = TimeSpan.FromSeconds(1);
    private TimeSpan _lastConsentSentAt;

    /// <summary>
    /// RFC 7675 §5.1: consent checks on the selected pair (before nomination: on the valid pair data
    /// flows on) every 0.8–1.2 × the interval (every second while answers are overdue); no answer for
    /// <see cref="IceAgentOptions.DisconnectedTimeout"/> is Disconnected, for <see cref="IceAgentOptions.ConsentTimeout"/>
    /// consent is lost: sending stops.
    /// </summary>
    private void CheckConsent(TimeSpan now)
    {
        if ((_selected ?? _sendPair) is not { } pair || _consentLost)
        {
            return;
        }

        var silence = now - pair.LastResponseAt;
        if (silence >= _options.ConsentTimeout)
        {
            _consentLost = true;
            UpdateDataPairs();
            return;
        }

        if (silence >= _options.DisconnectedTimeout)
        {
            SetState(IceConnectionState.Disconnected);
        }
        else if (_state == IceConnectionState.Disconnected)
        {
            SetState(IceConnectionState.Connected);
        }

        if (now < _nextConsentAt || (pair.Generation != _generation && _legacyRemoteCredentials is null))
        {
            return;
        }

        // The previous consent request is still unanswered: probe faster, to recover (or fail) sooner.
        var overdue = pair.LastResponseAt < _lastConsentSentAt;
        Send(CreateCheck(pair, IceTransactionKind.Consent, useCandidate: false), now);
        _lastConsentSentAt = now;
        _nextConsentAt = now + (overdue ? FastConsentInterval : NextConsentInterval());
    }

    private TimeSpan NextConsentInterval() =>
        _options.ConsentInterval * (0.8 + (0.4 * Random.Shared.NextDouble()));
}
