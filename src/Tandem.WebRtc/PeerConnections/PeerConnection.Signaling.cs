using Tandem.WebRtc.Dtls;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.Sdp;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    private RtcSignalingState _signalingState;
    private RemoteParameters? _remoteIcePending;

    /// <summary>W3C <c>signalingState</c>.</summary>
    public RtcSignalingState SignalingState { get { lock (_gate) { return _signalingState; } } }

    /// <summary>Raised when <see cref="SignalingState"/> changes.</summary>
    public event Action<RtcSignalingState>? SignalingStateChanged;

    /// <summary>
    /// Creates an offer (RFC 8829 §5.2): video, audio and data sections as <see cref="PeerConnectionOptions.Features"/>
    /// says (a re-offer keeps the negotiated sections, mids and payload types) in one BUNDLE group, our
    /// ICE credentials, <c>a=setup:actpass</c> (or our fixed role in a re-offer) and our fingerprint.
    /// After <see cref="RestartIce"/> it carries new ICE credentials.
    /// </summary>
    /// <exception cref="InvalidOperationException">Closed, or the peer's offer is pending (answer it first).</exception>
    public RtcSessionDescriptionInit CreateOffer()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (_signalingState == RtcSignalingState.HaveRemoteOffer)
            {
                throw new InvalidOperationException("The peer's offer is pending: create an answer.");
            }

            // RFC 8842 §5.5: a re-offer keeps the role in force rather than reopening the choice.
            var setup = _dtlsRole is { } role ? SetupFor(role) : SdpSetup.ActPass;
            var sdp = LocalDescriptionBuilder.Offer(
                LocalParametersLocked(), _media, _plan?.Layout ?? LocalDescriptionBuilder.InitialLayout(_media.Features), setup);
            return new RtcSessionDescriptionInit(RtcSdpType.Offer, sdp.ToString());
        }
    }

    /// <summary>
    /// Creates the answer to the peer's offer (RFC 8829 §5.3): its first video, audio and data sections
    /// accepted as our features allow (the offer's payload types, directions intersected with ours), with
    /// <c>a=setup:active</c> (we are the DTLS client, RFC 8842 §5.3); every other section rejected.
    /// </summary>
    /// <exception cref="InvalidOperationException">Closed, no remote offer is pending, or nothing in it can be accepted.</exception>
    public RtcSessionDescriptionInit CreateAnswer()
    {
        lock (_gate)
        {
            ThrowIfClosed();
            if (_signalingState != RtcSignalingState.HaveRemoteOffer || _remote is null)
            {
                throw new InvalidOperationException("No remote offer to answer.");
            }

            var setup = _dtlsRole is { } role ? SetupFor(role) : SdpSetup.Active;
            var sdp = LocalDescriptionBuilder.Answer(LocalParametersLocked(), _media, _remote, setup);
            return new RtcSessionDescriptionInit(RtcSdpType.Answer, sdp.ToString());
        }
    }

    /// <summary>
    /// Applies our own offer or answer (W3C <c>setLocalDescription</c>): starts ICE gathering (candidates
    /// are raised through <see cref="IceCandidate"/>), and after an answer the DTLS handshake.
    /// </summary>
    /// <exception cref="InvalidOperationException">Closed, or the description does not fit the signaling state.</exception>
    /// <exception cref="ArgumentException">The SDP is not one we can use.</exception>
    public void SetLocalDescription(RtcSessionDescriptionInit description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (!SdpSessionDescription.TryParse(description.Sdp, out var sdp, out var error))
        {
            throw new ArgumentException("Invalid local SDP: " + error, nameof(description));
        }

        var index = sdp.Media.FindIndex(m => !m.IsRejected);
        if (index < 0)
        {
            throw new ArgumentException("The local SDP accepts no section.", nameof(description));
        }

        var section = sdp.Media[index];
        IceAgent ice;
        RemoteParameters? pendingRemote;
        lock (_gate)
        {
            ThrowIfClosed();
            if (description.Type == RtcSdpType.Offer)
            {
                if (_signalingState != RtcSignalingState.Stable)
                {
                    throw new InvalidOperationException($"Cannot set a local offer in state {_signalingState}.");
                }

                _isOfferer ??= true;
                ice = EnsureIceLocked(IceRole.Controlling);
                SetSignalingStateLocked(RtcSignalingState.HaveLocalOffer);
            }
            else
            {
                if (_signalingState != RtcSignalingState.HaveRemoteOffer)
                {
                    throw new InvalidOperationException($"Cannot set a local answer in state {_signalingState}.");
                }

                ice = EnsureIceLocked(IceRole.Controlled);
                _dtlsRole ??= (sdp.GetSetup(section) ?? SdpSetup.Active) == SdpSetup.Passive ? Dtls.DtlsRole.Server : Dtls.DtlsRole.Client;
                SetPlanLocked(MediaPlan.FromAnswer(sdp, weAnswered: true));
                SetSignalingStateLocked(RtcSignalingState.Stable);
            }

            // Our candidates are signaled for the first bundled section (RFC 8843 §7.1.1).
            _transportMid = section.Mid ?? index.ToString(System.Globalization.CultureInfo.InvariantCulture);
            _transportIndex = index;

            _localDescription = description;

            // Our offer or answer now carries the credentials RestartIce made (it is built from them).
            _iceRestartPending = false;
            pendingRemote = _remoteIcePending;
            _remoteIcePending = null;
            ReleaseHeldCandidatesLocked();
        }

        FlushEvents();
        if (pendingRemote is not null)
        {
            ApplyRemoteIce(ice, pendingRemote);
        }

        ice.StartGathering();
        if (description.Type == RtcSdpType.Answer)
        {
            StartDtls();
        }

        FlushEvents();
    }

    /// <summary>
    /// Applies the peer's offer or answer (W3C <c>setRemoteDescription</c>): its ICE credentials and
    /// candidates go to the agent, its fingerprints are kept to verify the DTLS certificate, and an
    /// answer's <c>a=setup</c> fixes our DTLS role. New ICE credentials in an offer are the peer's ICE restart.
    /// </summary>
    /// <exception cref="InvalidOperationException">Closed, or the description does not fit the signaling state.</exception>
    /// <exception cref="ArgumentException">The SDP is invalid, has no usable section, no ICE credentials or no fingerprint.</exception>
    public void SetRemoteDescription(RtcSessionDescriptionInit description)
    {
        ArgumentNullException.ThrowIfNull(description);
        if (!RemoteParameters.TryCreate(description.Sdp, out var remote, out var error))
        {
            throw new ArgumentException("Unusable remote SDP: " + error, nameof(description));
        }

        IceAgent ice;
        bool restart;
        lock (_gate)
        {
            ThrowIfClosed();
            if (description.Type == RtcSdpType.Offer)
            {
                if (_signalingState is not (RtcSignalingState.Stable or RtcSignalingState.HaveRemoteOffer))
                {
                    throw new InvalidOperationException($"Cannot set a remote offer in state {_signalingState}.");
                }

                _isOfferer ??= false;
                ice = EnsureIceLocked(IceRole.Controlled);
                SetSignalingStateLocked(RtcSignalingState.HaveRemoteOffer);
            }
            else
            {
                if (_signalingState != RtcSignalingState.HaveLocalOffer)
                {
                    throw new InvalidOperationException($"Cannot set a remote answer in state {_signalingState}.");
                }

                if (remote.Setup is SdpSetup.ActPass or SdpSetup.HoldConn)
                {
                    throw new ArgumentException("An answer must say a=setup:active or passive (RFC 8842 §5.3).", nameof(description));
                }

                ice = _ice!;
                _dtlsRole ??= remote.Setup == SdpSetup.Active ? Dtls.DtlsRole.Server : Dtls.DtlsRole.Client;
                SetPlanLocked(MediaPlan.FromAnswer(remote.Sdp, weAnswered: false));

                // RFC 9143 §7.3.3: when the answer rejects our first section, the next accepted one carries the transport.
                var first = remote.Sdp.Media.FindIndex(m => !m.IsRejected);
                _transportMid = remote.Sdp.Media[first].Mid ?? first.ToString(System.Globalization.CultureInfo.InvariantCulture);
                _transportIndex = first;
                SetSignalingStateLocked(RtcSignalingState.Stable);
            }

            restart = _remote is not null && _remote.Credentials != remote.Credentials && description.Type == RtcSdpType.Offer;
            if (restart)
            {
                // RFC 8445 §9: the peer restarted ICE, so we answer with new credentials of our own.
                _holdCandidates = true;
            }

            _remote = remote;
            _remoteDescription = description;

            // An offer's ICE parameters reach the agent with our answer: an agent that already has
            // sockets (ICE restart) would otherwise check the peer before it knows our new ufrag, and
            // Chromium's error reply to such a check can cost the pair its nomination.
            _remoteIcePending = description.Type == RtcSdpType.Offer ? remote : null;
        }

        if (restart)
        {
            var credentials = ice.RestartIce();
            lock (_gate)
            {
                _localCredentials = credentials;
            }
        }

        if (description.Type == RtcSdpType.Answer)
        {
            ApplyRemoteIce(ice, remote);
            StartDtls();
        }

        FlushEvents();
    }

    private void SetSignalingStateLocked(RtcSignalingState state)
    {
        if (_signalingState != state)
        {
            _signalingState = state;
            Raise(() => SubscriberDispatch.Invoke(SignalingStateChanged, state, "PeerConnection.SignalingStateChanged", _options.Logger));
        }
    }

    /// <summary>
    /// Keeps the outcome of an exchange. Once media runs, its streams stay as first negotiated (a
    /// re-offer keeps mids and payload types, RFC 8829 §5.2.2); only a first exchange sets them.
    /// </summary>
    private void SetPlanLocked(MediaPlan plan)
    {
        if (_mediaSession is null || _plan is null)
        {
            _plan = plan;
        }
    }
}
