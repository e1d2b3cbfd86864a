using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    private bool _iceRestartPending;

    /// <summary>
    /// The ICE agent lost its path (nothing heard for <see cref="IceSettings.DisconnectedTimeout"/>,
    /// consent expired, or the local address of the selected pair disappeared) or found a new local address
    /// while disconnected. On the offering side <see cref="RestartIce"/> has already been called, so the next
    /// <see cref="CreateOffer"/> carries new credentials: send it. On the answering side, ask the peer to
    /// offer with an ICE restart. Meanwhile <see cref="IceConnectionState"/> is Disconnected, Checking once
    /// the new generation's checks run, then Connected on the new pair; DTLS, SRTP and SCTP carry on
    /// (an ICE restart does not handshake again, RFC 8445 §9).
    /// </summary>
    public event Action<IceRestartReason>? IceRestartNeeded;

    /// <summary>True after <see cref="RestartIce"/> until an offer (or answer) carrying the new credentials is set locally.</summary>
    public bool IceRestartPending { get { lock (_gate) { return _iceRestartPending; } } }

    /// <summary>
    /// W3C <c>restartIce</c>: the next <see cref="CreateOffer"/> carries new ICE credentials, and the agent
    /// gathers again (candidates of addresses that vanished are dropped, new addresses are bound); the
    /// selected pair keeps carrying data until the new generation connects.
    /// </summary>
    public void RestartIce()
    {
        IceAgent? ice;
        lock (_gate)
        {
            ThrowIfClosed();
            ice = _ice;
            if (ice is null)
            {
                return;
            }

            _holdCandidates = true;
        }

        var credentials = ice.RestartIce();
        lock (_gate)
        {
            _localCredentials = credentials;
            _iceRestartPending = true;
        }

        FlushEvents();
    }

    private void OnIceRestartNeeded(IceRestartReason reason)
    {
        bool offerer;
        lock (_gate)
        {
            if (_closed)
            {
                return;
            }

            offerer = _isOfferer == true;
        }

        if (offerer)
        {
            RestartIce();
        }

        lock (_gate)
        {
            Raise(() => SubscriberDispatch.Invoke(IceRestartNeeded, reason, "PeerConnection.IceRestartNeeded", _options.Logger));
        }

        FlushEvents();
    }
}
