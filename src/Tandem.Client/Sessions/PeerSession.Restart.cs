using Tandem.Client.Signaling;
using Tandem.WebRtc.Ice;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Sessions;

public abstract partial class PeerSession
{
    /// <summary>The offerer owes an ICE-restart offer that could not go out yet (an offer was pending).</summary>
    private bool _restartWanted;

    /// <summary>
    /// Network handover: the ICE agent lost its path or its address. The offerer's connection has already
    /// restarted ICE, so it offers the new credentials (RFC 8445 §9); the answerer cannot offer (R18) and
    /// asks the offerer with a <c>restart</c> message (R44). Without a paired signaling connection nothing
    /// can be sent: the resumed role (R30) restarts ICE once signaling is back.
    /// </summary>
    private async Task OnIceRestartNeededAsync(PeerConnection pc, IceRestartReason reason)
    {
        if (_pc != pc)
        {
            return;
        }

        var why = ReasonText(reason);
        if (_signaling.State != SignalingState.Paired || Role is not { } role)
        {
            RaiseNote($"ICE {why}: waiting for the signaling server to restart ICE");
            return;
        }

        if (role.IsOfferer)
        {
            RaiseNote($"ICE {why}: restarting ICE");
            await OfferRestartIfWantedAsync(pc, wanted: true).ConfigureAwait(false);
            return;
        }

        RaiseNote($"ICE {why}: asking the peer for an ICE restart");
        await _signaling.SendAsync(PeerMessageType.Restart, SignalingPayloads.RestartRequest(WireReason(reason)), Stopping).ConfigureAwait(false);
    }

    /// <summary>R44: the answerer asks for an ICE restart; only the offerer acts on it.</summary>
    private async Task OnRestartRequestAsync(PeerMessage message)
    {
        if (Role is not { IsOfferer: true } || _pc is not { } pc)
        {
            RaiseNote("ignored an ICE restart request: this side does not offer");
            return;
        }

        RaiseNote("the peer asked for an ICE restart");
        if (!pc.IceRestartPending)
        {
            pc.RestartIce();
        }

        _lastIceRestart = Options.PeerConnection.TimeProvider.GetUtcNow();
        await OfferRestartIfWantedAsync(pc, wanted: true).ConfigureAwait(false);
    }

    /// <summary>
    /// Sends the ICE-restart offer when one is owed and no offer is pending; with an offer pending it goes
    /// after that offer's answer (called again from there).
    /// </summary>
    private async Task OfferRestartIfWantedAsync(PeerConnection pc, bool wanted = false)
    {
        _restartWanted |= wanted;
        if (!_restartWanted || _pc != pc || Role is not { IsOfferer: true })
        {
            return;
        }

        if (pc.SignalingState != RtcSignalingState.Stable)
        {
            RaiseNote("ICE restart deferred: an offer is already pending");
            return;
        }

        _restartWanted = false;
        await OfferAsync(iceRestart: !pc.IceRestartPending).ConfigureAwait(false);
    }

    private static string ReasonText(IceRestartReason reason) => reason switch
    {
        IceRestartReason.LocalAddressLost => "lost its local address",
        IceRestartReason.NewLocalAddress => "found a new local address",
        _ => "heard nothing from the peer",
    };

    private static string WireReason(IceRestartReason reason) => reason switch
    {
        IceRestartReason.LocalAddressLost => "local_address_lost",
        IceRestartReason.NewLocalAddress => "new_local_address",
        _ => "path_silent",
    };
}
