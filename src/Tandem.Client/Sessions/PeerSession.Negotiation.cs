using Tandem.Client.Signaling;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

public abstract partial class PeerSession
{
    private const int MaxHeldCandidates = 256;
    private readonly List<RtcIceCandidateInit> _heldCandidates = [];
    private string? _remoteConnection;
    private bool _awaitingFreshRole;
    private string? _closingReason;

    private async Task OnRoleAsync(RoleAssignment role)
    {
        var previous = Role;
        Role = role;
        Paired?.Invoke(role);
        var samePeer = previous?.PeerId == role.PeerId;
        if (role.Resumed && _pc is { } pc && samePeer && !_awaitingFreshRole)
        {
            // R30: the pairing resumed after one side reconnected; media may never have noticed.
            if (pc.ConnectionState == RtcPeerConnectionState.Connected)
            {
                RaiseNote("pairing resumed: media is up, nothing to renegotiate");
                return;
            }

            if (role.IsOfferer)
            {
                RaiseNote("pairing resumed with media down: restarting ICE");
                await OfferAsync(iceRestart: true).ConfigureAwait(false);
            }
            else
            {
                RaiseNote("pairing resumed with media down: waiting for the peer's ICE restart");
            }

            return;
        }

        if (role.Resumed && _pc is null && !role.IsOfferer)
        {
            // We are new (a restarted process) but the peer may still hold the connection of our
            // predecessor, and only the offerer can start a new one: leave and join again, so the
            // peer drops it and pairs with us afresh as the offerer.
            RaiseNote("pairing resumed without a peer connection: leaving and joining again so the peer offers afresh");
            _awaitingFreshRole = true;
            await _signaling.RejoinAsync(Stopping).ConfigureAwait(false);
            return;
        }

        _awaitingFreshRole = false;
        ClosePeerConnection();
        SetState(SessionState.Negotiating);
        if (role.IsOfferer)
        {
            CreatePeerConnection(createChannel: Options.Features.DataChannel);
            await OfferAsync(iceRestart: false).ConfigureAwait(false);
        }
    }

    private async Task OfferAsync(bool iceRestart)
    {
        var pc = _pc ?? throw new InvalidOperationException("no peer connection to offer from");
        if (iceRestart)
        {
            if (pc.SignalingState != RtcSignalingState.Stable)
            {
                RaiseNote("ICE restart deferred: an offer is already pending");
                return;
            }

            pc.RestartIce();
            _lastIceRestart = Options.PeerConnection.TimeProvider.GetUtcNow();
        }

        iceRestart |= pc.IceRestartPending;
        var offer = pc.CreateOffer();
        pc.SetLocalDescription(offer);
        await _signaling.SendAsync(PeerMessageType.Offer, SignalingPayloads.Description(offer), Stopping).ConfigureAwait(false);
        RaiseNote(iceRestart ? "sent an ICE-restart offer" : "sent the offer");
    }

    private async Task OnPeerMessageAsync(PeerMessage message)
    {
        if (_awaitingFreshRole)
        {
            return;
        }

        switch (message.Type)
        {
            case PeerMessageType.Offer:
                await OnOfferAsync(message).ConfigureAwait(false);
                break;
            case PeerMessageType.Answer:
                await OnAnswerAsync(message).ConfigureAwait(false);
                break;
            case PeerMessageType.Restart:
                await OnRestartRequestAsync(message).ConfigureAwait(false);
                break;
            default:
                OnRemoteCandidate(message);
                break;
        }
    }

    private async Task OnOfferAsync(PeerMessage message)
    {
        if (Role is { IsOfferer: true })
        {
            RaiseNote("ignored an offer: this side is the offerer");
            return;
        }

        if (!SignalingPayloads.TryParseDescription(message.Data, RtcSdpType.Offer, out var offer))
        {
            RaiseError(new SessionError(SessionErrorCode.NegotiationFailed, "the peer's offer is not {type:\"offer\", sdp}"));
            return;
        }

        var connection = SignalingPayloads.Connection(offer!.Sdp);
        if (_pc is not null && _remoteConnection is not null && connection != _remoteConnection)
        {
            RaiseNote("the peer started a new connection (new SDP session or DTLS fingerprint)");
            ClosePeerConnection();
        }

        var pc = _pc ?? CreatePeerConnection(createChannel: false);
        pc.SetRemoteDescription(offer);
        _remoteConnection = connection;
        var answer = pc.CreateAnswer();
        pc.SetLocalDescription(answer);
        await _signaling.SendAsync(PeerMessageType.Answer, SignalingPayloads.Description(answer), Stopping).ConfigureAwait(false);
        RaiseNote("answered the offer");
        ApplyHeldCandidates(pc);
    }

    private async Task OnAnswerAsync(PeerMessage message)
    {
        if (_pc is not { } pc)
        {
            RaiseNote("ignored an answer: no offer is pending");
            return;
        }

        if (!SignalingPayloads.TryParseDescription(message.Data, RtcSdpType.Answer, out var answer))
        {
            RaiseError(new SessionError(SessionErrorCode.NegotiationFailed, "the peer's answer is not {type:\"answer\", sdp}"));
            return;
        }

        // A peer that lost its state (a restarted app, a reloaded page) answers from a connection our
        // DTLS session does not know: an ICE restart cannot bring that back, so start a new connection.
        // The same holds for an answer that comes when none is pending: the peer answered an offer of
        // ours that crossed its rejoin, and then answered again from a newer connection.
        var connection = SignalingPayloads.Connection(answer!.Sdp);
        if (_remoteConnection is not null && connection != _remoteConnection)
        {
            RaiseNote("the peer answered from a new connection (new SDP session or DTLS fingerprint): starting a new one");
            ClosePeerConnection();
            SetState(SessionState.Negotiating);
            CreatePeerConnection(createChannel: Options.Features.DataChannel);
            await OfferAsync(iceRestart: false).ConfigureAwait(false);
            return;
        }

        if (pc.SignalingState != RtcSignalingState.HaveLocalOffer)
        {
            RaiseNote("ignored an answer: no offer is pending");
            return;
        }

        pc.SetRemoteDescription(answer);
        _remoteConnection = connection;
        RaiseNote("got the answer");
        ApplyHeldCandidates(pc);
        await OfferRestartIfWantedAsync(pc).ConfigureAwait(false);
    }

    private void OnRemoteCandidate(PeerMessage message)
    {
        if (!SignalingPayloads.TryParseCandidate(message.Data, out var candidate))
        {
            RaiseNote("ignored an ICE message without a candidate string");
            return;
        }

        if (_pc is { } pc)
        {
            pc.AddIceCandidate(candidate!);
        }
        else if (_heldCandidates.Count < MaxHeldCandidates)
        {
            // Trickle may overtake the offer that creates our peer connection.
            _heldCandidates.Add(candidate!);
        }
    }

    private void ApplyHeldCandidates(PeerConnection pc)
    {
        foreach (var candidate in _heldCandidates)
        {
            pc.AddIceCandidate(candidate);
        }

        _heldCandidates.Clear();
    }

    private Task OnPeerLeftAsync(PeerLeft left)
    {
        Role = null;
        ClosePeerConnection();
        SetState(SessionState.Waiting);
        PeerLeft?.Invoke(left);
        return Task.CompletedTask;
    }

    private Task OnServerErrorAsync(SignalingError error)
    {
        if (error.Code == 1005)
        {
            // R19, R29: a room or join timeout, or a room an operator closed. The server closes the
            // socket next (4005) and the channel joins again by itself: nothing for the user to do.
            _closingReason = error.Message.Split(';')[0];
            return Task.CompletedTask;
        }

        // R32: 1001 (identity already held, policy reject), 1004 (bad id) and 1008 (no valid token for
        // this id) cannot get better by waiting.
        var fatal = error.Code is 1001 or 1004 or 1008;
        var request = error.RequestType is { } type ? $" (for our {type})" : "";
        RaiseError(new SessionError(SessionErrorCode.ServerError, $"server error {error.Code}: {error.Message}{request}", error.Code, fatal));
        return Task.CompletedTask;
    }

    private Task OnSignalingStateAsync(SignalingState state)
    {
        switch (state)
        {
            case SignalingState.Joined when _pc is null && _state != SessionState.Closed:
                SetState(SessionState.Waiting);
                break;
            case SignalingState.Reconnecting when _closingReason is { } reason:
                _closingReason = null;
                RaiseNote(reason + "; joining again");
                break;
            case SignalingState.Reconnecting:
                RaiseNote("lost the signaling server: reconnecting");
                break;
            case SignalingState.Closed when _signalingStarted && Volatile.Read(ref _disposed) == 0 && _state != SessionState.Closed:
                // A fatal server error (1001: replaced, or disconnected by an operator) already said why.
                RaiseError(new SessionError(SessionErrorCode.Replaced, "another connection joined with our id and took the slot (R20)", IsFatal: true));
                break;
        }

        return Task.CompletedTask;
    }
}
