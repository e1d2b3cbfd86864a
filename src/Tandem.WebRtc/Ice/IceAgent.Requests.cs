using System.Net;
using Tandem.WebRtc.Stun;

namespace Tandem.WebRtc.Ice;

internal sealed partial class IceAgent
{
    private static readonly StunAttributeType[] KnownAttributes =
    [
        StunAttributeType.MappedAddress, StunAttributeType.Username, StunAttributeType.MessageIntegrity,
        StunAttributeType.ErrorCode, StunAttributeType.UnknownAttributes, StunAttributeType.Realm,
        StunAttributeType.Nonce, StunAttributeType.MessageIntegritySha256, StunAttributeType.UserHash,
        StunAttributeType.XorMappedAddress, StunAttributeType.Priority, StunAttributeType.UseCandidate,
    ];

    /// <summary>RFC 8445 §7.3: an incoming Binding request (connectivity or consent check).</summary>
    private void OnRequest(IIceSocket socket, StunMessage request, IPEndPoint from)
    {
        _checksReceived++;
        var destination = from.Serialize();

        // RFC 8489 §9.1.3: USERNAME "ours:theirs" and MESSAGE-INTEGRITY with our password.
        if (!request.TryGetUsername(out string? username) || !request.HasMessageIntegrity)
        {
            SendError(socket, request, destination, StunErrorCodes.BadRequest, "Bad Request", key: null);
            return;
        }

        var colon = username!.IndexOf(':', StringComparison.Ordinal);
        var target = colon < 0 ? username : username[..colon];
        var onSelected = _selected is { } selected && selected.LocalEndpoint.Socket == socket && from.Equals(selected.RemoteEndPoint);
        var credentials = target == _localCredentials.Ufrag ? _localCredentials
            : target == _previousLocalCredentials?.Ufrag ? _previousLocalCredentials
            : onSelected && target == _retiredLocalCredentials?.Ufrag ? _retiredLocalCredentials
            : null;
        if (credentials is null || !request.VerifyMessageIntegrity(credentials.Key))
        {
            SendError(socket, request, destination, StunErrorCodes.Unauthorized, "Unauthorized", key: null);
            return;
        }

        if (request.TryGetUnknownRequiredAttribute(KnownAttributes, out var unknown))
        {
            SendError(socket, request, destination, StunErrorCodes.UnknownAttribute, "Unknown Attribute", credentials.Key, unknown);
            return;
        }

        if (!ResolveRoleConflict(socket, request, destination, credentials))
        {
            return;
        }

        SendSuccess(socket, request.TransactionId, from, destination, credentials.Key);
        MarkCheckingStarted();
        // RFC 8445 §9: until the new generation is connected, a check with our previous credentials
        // is a check of the new generation from a peer that has not yet seen our answer (Chromium
        // also keeps using them afterwards on a path it found that way), so it is processed,
        // nomination included. On the pair selected before the restart it is only consent.
        if (credentials == _retiredLocalCredentials
            || (credentials != _localCredentials && onSelected && _selected!.Generation != _generation)
            || FindLocal(socket) is not { } local)
        {
            return;
        }

        var remote = FindRemote(from) ?? AddPeerReflexive(from, request);
        var pair = _checkList.Find(socket, from) ?? _checkList.Add(CreatePair(local, remote, from));
        var useCandidate = request.HasUseCandidate && _role == IceRole.Controlled;
        pair.PeerKnowsUsAs = credentials == _localCredentials ? null : credentials.Ufrag;
        if (!pair.PeerChecked)
        {
            pair.PeerChecked = true;
            UpdateDataPairs();
        }

        // RFC 8445 §7.3.1.4 triggered checks and §7.3.1.5 nomination on the controlled side.
        if (pair.State == IceCandidatePairState.Succeeded)
        {
            if (useCandidate)
            {
                Nominate(pair);
            }
        }
        else
        {
            pair.NominateOnSuccess |= useCandidate;
            if (pair.State != IceCandidatePairState.InProgress)
            {
                _checkList.EnqueueTriggered(pair);
            }
        }
    }

    /// <summary>
    /// RFC 8445 §7.3.1.1: both sides claim the same role. The larger tie-breaker keeps its role:
    /// either we switch, or we answer 487 Role Conflict. Returns false when the request was rejected.
    /// </summary>
    private bool ResolveRoleConflict(IIceSocket socket, StunMessage request, System.Net.SocketAddress destination, IceCredentials credentials)
    {
        if (_role == IceRole.Controlling && request.TryGetIceControlling(out var theirs))
        {
            if (_tieBreaker >= theirs)
            {
                SendError(socket, request, destination, StunErrorCodes.RoleConflict, "Role Conflict", credentials.Key);
                return false;
            }

            SwitchRole(IceRole.Controlled);
        }
        else if (_role == IceRole.Controlled && request.TryGetIceControlled(out theirs))
        {
            if (_tieBreaker < theirs)
            {
                SendError(socket, request, destination, StunErrorCodes.RoleConflict, "Role Conflict", credentials.Key);
                return false;
            }

            SwitchRole(IceRole.Controlling);
        }

        return true;
    }

    private void SwitchRole(IceRole role)
    {
        _role = role;
        _checkList.Reprioritize(role);
        if (role == IceRole.Controlled)
        {
            _pendingNomination = null;
        }
    }

    /// <summary>RFC 8445 §7.3.1.3: a check from an unknown address reveals a peer-reflexive candidate.</summary>
    private IceCandidate AddPeerReflexive(IPEndPoint from, StunMessage request)
    {
        request.TryGetPriority(out var priority);
        var candidate = new IceCandidate(
            $"prflx{++_prflxCount}", 1, IceProtocol.Udp, priority, from.Address.ToString(), from.Port, IceCandidateType.PeerReflexive);
        _remoteCandidates.Add(candidate);
        return candidate;
    }

    private IceCandidate? FindRemote(IPEndPoint endPoint) =>
        _remoteCandidates.Find(c => c.Port == endPoint.Port && endPoint.Address.Equals(c.IPAddress));

    private void SendSuccess(IIceSocket socket, StunTransactionId id, IPEndPoint from, System.Net.SocketAddress destination, byte[] key)
    {
        Span<byte> buffer = stackalloc byte[128];
        var writer = new StunMessageWriter(buffer, StunClass.SuccessResponse, StunMethod.Binding, id);
        writer.AddXorMappedAddress(from);
        writer.AddMessageIntegrity(key);
        writer.AddFingerprint();
        SendRaw(socket, writer.Written, destination);
    }

    private void SendError(
        IIceSocket socket, StunMessage request, System.Net.SocketAddress destination, int code, string reason, byte[]? key, StunAttributeType? unknown = null)
    {
        Span<byte> buffer = stackalloc byte[160];
        var writer = new StunMessageWriter(buffer, StunClass.ErrorResponse, StunMethod.Binding, request.TransactionId);
        writer.AddErrorCode(code, reason);
        if (unknown is { } type)
        {
            writer.AddUnknownAttributes([type]);
        }

        if (key is not null)
        {
            writer.AddMessageIntegrity(key);
        }

        writer.AddFingerprint();
        SendRaw(socket, writer.Written, destination);
    }
}
