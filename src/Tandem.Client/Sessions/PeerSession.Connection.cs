using Tandem.Client.Signaling;
using Tandem.WebRtc.DataChannels;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

public abstract partial class PeerSession
{
    private DateTimeOffset _lastIceRestart = DateTimeOffset.MinValue;

    private PeerConnection CreatePeerConnection(bool createChannel)
    {
        var options = ConfigurePeerConnection(Options.PeerConnection with
        {
            Features = Options.Features,
            Endpoint = _endpoint,
            IceServers = [.. Options.PeerConnection.IceServers, .. UsableServerIceServers()],
        });
        var pc = new PeerConnection(options);
        _pc = pc;
        _remoteConnection = null;
        pc.IceCandidateError += error => Post(() =>
        {
            if (_pc == pc)
            {
                RaiseNote("TURN: " + error.Message);
            }

            return Task.CompletedTask;
        });

        // Events of a connection that was replaced meanwhile are dropped by the loop (pc != _pc).
        pc.IceCandidate += candidate => Post(() => SendCandidateAsync(pc, candidate));
        pc.ConnectionStateChanged += state => Post(() => OnConnectionStateAsync(pc, state));
        pc.MediaStarted += () => Post(() => OnMediaStartedAsync(pc));
        pc.IceRestartNeeded += reason => Post(() => OnIceRestartNeededAsync(pc, reason));
        // Not through the loop: the channel's messages are raised on the same SCTP event sequence right after
        // this event, and a peer may send its first message with its DATA_CHANNEL_OPEN (RFC 8832 §6), so a
        // subscription made later on the loop would miss it.
        pc.DataChannel += channel => OnRemoteDataChannel(pc, channel);
        if (createChannel)
        {
            // R38: the offerer creates "tandem", ordered and reliable.
            UseChannel(pc.CreateDataChannel(Options.DataChannelLabel, new RtcDataChannelInit { Ordered = true }));
        }

        OnPeerConnectionCreated(pc);
        return pc;
    }

    /// <summary>The server's <c>ice_servers</c> of the current role (TURN with short-lived credentials); a malformed one is noted and left out.</summary>
    private List<RtcIceServer> UsableServerIceServers()
    {
        var usable = new List<RtcIceServer>();
        foreach (var server in Role?.IceServers ?? [])
        {
            try
            {
                server.Validate();
                usable.Add(server);
            }
            catch (ArgumentException e)
            {
                RaiseNote("ignored an ICE server from the signaling server: " + e.Message);
            }
        }

        return usable;
    }

    private void ClosePeerConnection()
    {
        var pc = _pc;
        _pc = null;
        _channel = null;
        _remoteConnection = null;
        _heldCandidates.Clear();

        // Close never throws, even when the peer is closing the same session at this moment (it left).
        pc?.Close();
    }

    private async Task SendCandidateAsync(PeerConnection pc, RtcIceCandidateInit candidate)
    {
        if (_pc != pc || _signaling.State != SignalingState.Paired)
        {
            return;
        }

        await _signaling.SendAsync(PeerMessageType.Ice, SignalingPayloads.Candidate(candidate), Stopping).ConfigureAwait(false);
    }

    private async Task OnConnectionStateAsync(PeerConnection pc, RtcPeerConnectionState state)
    {
        if (_pc != pc)
        {
            return;
        }

        switch (state)
        {
            case RtcPeerConnectionState.Connected:
                SetState(SessionState.Connected);
                Connected?.Invoke();
                break;
            case RtcPeerConnectionState.Disconnected:
                SetState(SessionState.Interrupted);
                RaiseNote("ICE disconnected: waiting for the path to come back");
                break;
            case RtcPeerConnectionState.Failed:
                SetState(SessionState.Interrupted);
                var reason = pc.FailureReason ?? "the peer connection failed";
                var code = reason.StartsWith("DTLS", StringComparison.Ordinal) ? SessionErrorCode.DtlsFailed
                    : reason.StartsWith("SCTP", StringComparison.Ordinal) ? SessionErrorCode.DataChannelFailed
                    : SessionErrorCode.IceFailed;
                RaiseError(new SessionError(code, reason));
                if (code == SessionErrorCode.IceFailed && Role is { IsOfferer: true } && _signaling.State == SignalingState.Paired
                    && Options.PeerConnection.TimeProvider.GetUtcNow() - _lastIceRestart >= Options.IceRestartInterval)
                {
                    RaiseNote("ICE failed: restarting it");
                    await OfferAsync(iceRestart: true).ConfigureAwait(false);
                }

                break;
        }
    }

    private Task OnMediaStartedAsync(PeerConnection pc)
    {
        if (_pc == pc)
        {
            OnMediaStarted(pc);
            MediaStarted?.Invoke(pc.NegotiatedMedia);
        }

        return Task.CompletedTask;
    }
}
