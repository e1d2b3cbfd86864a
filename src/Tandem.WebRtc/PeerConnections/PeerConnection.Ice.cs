using Tandem.WebRtc.Ice;

namespace Tandem.WebRtc.PeerConnections;

public sealed partial class PeerConnection
{
    private readonly List<RtcIceCandidateInit> _queuedRemoteCandidates = [];
    private readonly List<RtcIceCandidateInit> _heldLocalCandidates = [];
    private bool _holdCandidates;

    /// <summary>
    /// A local candidate to signal (trickle, RFC 8838); the end of a gathering generation is raised as a
    /// candidate with an empty <see cref="RtcIceCandidateInit.Candidate"/>. Candidates of an ICE restart
    /// are held until the offer or answer carrying the new credentials is set locally.
    /// </summary>
    public event Action<RtcIceCandidateInit>? IceCandidate;

    /// <summary>
    /// A TURN server gave no relayed candidate, or the allocation was lost (W3C <c>icecandidateerror</c>);
    /// the error names the server and says what to check. Raised on the ICE agent's threads.
    /// </summary>
    public event Action<Turn.TurnError>? IceCandidateError;

    /// <summary>Raised when <see cref="IceGatheringState"/> changes.</summary>
    public event Action<IceGatheringState>? IceGatheringStateChanged;

    /// <summary>W3C <c>iceGatheringState</c>.</summary>
    public IceGatheringState IceGatheringState => IceAgent?.GatheringState ?? IceGatheringState.New;

    /// <summary>
    /// Adds a remote candidate (W3C <c>addIceCandidate</c>); an empty candidate is end-of-candidates.
    /// Before the remote description is applied (an offer's: once our answer is set), candidates are queued. Candidates of sections we rejected
    /// (another <paramref name="sdpMid"/> or m-line index than the data section's) are ignored.
    /// </summary>
    /// <returns>False when the candidate was ignored (other section, unparsable, duplicate, closed).</returns>
    public bool AddIceCandidate(string? candidate, string? sdpMid = null, int? sdpMLineIndex = null) =>
        AddIceCandidate(new RtcIceCandidateInit(candidate ?? string.Empty, sdpMid, sdpMLineIndex));

    /// <inheritdoc cref="AddIceCandidate(string?, string?, int?)"/>
    public bool AddIceCandidate(RtcIceCandidateInit candidate)
    {
        ArgumentNullException.ThrowIfNull(candidate);
        IceAgent ice;
        lock (_gate)
        {
            if (_closed)
            {
                return false;
            }

            // A candidate of another ufrag belongs to an ICE restart whose description has not been
            // applied yet (trickle may overtake signaling): keep it for that description.
            if (_remote is null || _ice is null || _remoteIcePending is not null
                || (UfragOf(candidate) is { } ufrag && ufrag != _remote.Credentials.Ufrag))
            {
                _queuedRemoteCandidates.Add(candidate);
                return true;
            }

            if (!IsForTransportLocked(candidate))
            {
                return false;
            }

            ice = _ice;
        }

        if (candidate.IsEndOfCandidates)
        {
            ice.SetRemoteEndOfCandidates();
            return true;
        }

        return ice.AddRemoteCandidate(candidate.Candidate);
    }

    /// <summary>
    /// The ICE generation a trickled candidate belongs to: its <c>usernameFragment</c>, or else the
    /// <c>ufrag</c> extension of the line (RFC 8840 §8.1; PROTOCOL.md R36 carries no usernameFragment).
    /// </summary>
    private static string? UfragOf(RtcIceCandidateInit candidate) =>
        candidate.UsernameFragment
        ?? (candidate.IsEndOfCandidates || !Ice.IceCandidate.TryParse(candidate.Candidate, out var parsed) ? null : parsed!.Ufrag);

    /// <summary>RFC 9143 §7: every accepted section of the peer's BUNDLE group shares the one transport.</summary>
    private bool IsForTransportLocked(RtcIceCandidateInit candidate)
    {
        var media = _remote!.Sdp.Media;
        return candidate.SdpMid is { } mid ? media.Exists(m => !m.IsRejected && m.Mid == mid)
            : candidate.SdpMLineIndex is not { } index || (index >= 0 && index < media.Count && !media[index].IsRejected);
    }

    private IceAgent EnsureIceLocked(IceRole role)
    {
        if (_ice is not null)
        {
            return _ice;
        }

        // RFC 8445 §6.1.1: the offerer is controlling. Created on the first description, so the role is known.
        var ice = new IceAgent(new IceAgentOptions
        {
            Settings = _options.Settings.Ice,
            OutgoingFilter = _options.OutgoingFilter,
            Role = role,
            LocalCredentials = _localCredentials,
            LocalAddresses = _options.LocalAddresses,
            IncludeLoopback = _options.IncludeLoopback,
            EnableIPv6 = _options.EnableIPv6,
            StunServers = [.. _options.StunServers, .. _iceServers.Stun],
            TurnServers = _iceServers.Turn,
            TransportPolicy = _options.IceTransportPolicy,
            TimeProvider = _time,
            Logger = _options.Logger,
        });
        ice.LocalCandidateGathered += OnLocalCandidate;
        ice.GatheringStateChanged += OnGatheringStateChanged;
        ice.ConnectionStateChanged += OnIceConnectionStateChanged;
        ice.RestartNeeded += OnIceRestartNeeded;
        ice.CandidateError += error => SubscriberDispatch.Invoke(IceCandidateError, error, "PeerConnection.IceCandidateError", _options.Logger);
        _ice = ice;
        _iceTransport = new EarlyDatagramBuffer(ice.Transport);
        return ice;
    }

    /// <summary>Gives the agent the remote credentials, the SDP's candidates and the queued trickled ones.</summary>
    private void ApplyRemoteIce(IceAgent ice, RemoteParameters remote)
    {
        ice.SetRemoteCredentials(remote.Credentials);
        foreach (var line in remote.TransportSection.Candidates)
        {
            ice.AddRemoteCandidate(line);
        }

        if (remote.TransportSection.EndOfCandidates)
        {
            ice.SetRemoteEndOfCandidates();
        }

        RtcIceCandidateInit[] queued;
        lock (_gate)
        {
            queued = [.. _queuedRemoteCandidates];
            _queuedRemoteCandidates.Clear();
        }

        foreach (var candidate in queued)
        {
            // Candidates of an older generation than this description are stale: drop them.
            if (UfragOf(candidate) is not { } ufrag || ufrag == remote.Credentials.Ufrag)
            {
                AddIceCandidate(candidate);
            }
        }
    }

    private void OnLocalCandidate(IceCandidate candidate)
    {
        lock (_gate)
        {
            EmitCandidateLocked(new RtcIceCandidateInit(candidate.ToString(), _transportMid, _transportIndex, _localCredentials.Ufrag));
        }

        FlushEvents();
    }

    private void OnGatheringStateChanged(IceGatheringState state)
    {
        lock (_gate)
        {
            if (state == IceGatheringState.Complete)
            {
                _gatheringCompletedAt ??= _time.GetUtcNow();
                EmitCandidateLocked(new RtcIceCandidateInit(string.Empty, _transportMid, _transportIndex, _localCredentials.Ufrag));
            }

            Raise(() => SubscriberDispatch.Invoke(IceGatheringStateChanged, state, "PeerConnection.IceGatheringStateChanged", _options.Logger));
        }

        FlushEvents();
    }

    private void EmitCandidateLocked(RtcIceCandidateInit candidate)
    {
        if (_holdCandidates)
        {
            _heldLocalCandidates.Add(candidate);
        }
        else
        {
            Raise(() => SubscriberDispatch.Invoke(IceCandidate, candidate, "PeerConnection.IceCandidate", _options.Logger));
        }
    }

    private void ReleaseHeldCandidatesLocked()
    {
        _holdCandidates = false;
        foreach (var candidate in _heldLocalCandidates)
        {
            var withUfrag = candidate with { UsernameFragment = _localCredentials.Ufrag };
            Raise(() => SubscriberDispatch.Invoke(IceCandidate, withUfrag, "PeerConnection.IceCandidate", _options.Logger));
        }

        _heldLocalCandidates.Clear();
    }
}
