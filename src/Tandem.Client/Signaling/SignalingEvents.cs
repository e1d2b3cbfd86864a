using System.Text.Json;
using Tandem.WebRtc.PeerConnections;

namespace Tandem.Client.Signaling;

/// <summary>Where a <see cref="SignalingChannel"/> is.</summary>
public enum SignalingState
{
    /// <summary>Not started.</summary>
    Idle,

    /// <summary>Opening the socket (first time or after a drop).</summary>
    Connecting,

    /// <summary>Joined its room, waiting for the counterpart.</summary>
    Joined,

    /// <summary>Paired: a role message arrived.</summary>
    Paired,

    /// <summary>The socket dropped; reconnecting with backoff.</summary>
    Reconnecting,

    /// <summary>Stopped for good (disposed, or replaced by another connection with the same id).</summary>
    Closed,
}

/// <summary>The kinds of message relayed between the peers (PROTOCOL.md R14).</summary>
public enum PeerMessageType
{
    /// <summary>An SDP offer.</summary>
    Offer,

    /// <summary>An SDP answer.</summary>
    Answer,

    /// <summary>An ICE candidate.</summary>
    Ice,

    /// <summary>The answerer asks the offerer for an offer with an ICE restart (PROTOCOL.md R44).</summary>
    Restart,
}

/// <summary>A role message (R18): who this side is in the pair, and the peer's id.</summary>
/// <param name="IsOfferer">True when this side creates the offer.</param>
/// <param name="PeerId">The counterpart's id.</param>
/// <param name="RoomId">The room.</param>
/// <param name="Resumed">True after a reconnect within the grace period (R30): renegotiate if media is down.</param>
/// <param name="IceServers">
/// <c>data.ice_servers</c>: STUN/TURN servers with short-lived TURN credentials issued by the server for
/// this pairing (W3C <c>RTCIceServer</c> shape); null when the server sent none. Entries that are not
/// of that shape are left out.
/// </param>
public sealed record RoleAssignment(bool IsOfferer, string PeerId, string RoomId, bool Resumed, IReadOnlyList<RtcIceServer>? IceServers = null);

/// <summary>An offer, answer or candidate from the peer; <paramref name="Data"/> is the payload (R36).</summary>
/// <param name="Type">The message type.</param>
/// <param name="From">The peer's id.</param>
/// <param name="Data">The <c>data</c> object, as sent.</param>
public sealed record PeerMessage(PeerMessageType Type, string From, JsonElement Data);

/// <summary>The peer left (R25) or did not come back within its grace period (R30, reason "disconnected").</summary>
/// <param name="PeerId">The peer's id.</param>
/// <param name="Reason">"left" or the reason the server gave.</param>
public sealed record PeerLeft(string PeerId, string Reason);

/// <summary>An error message from the server (R31).</summary>
/// <param name="Code">The error code (1001–1008).</param>
/// <param name="Message">The server's description.</param>
/// <param name="RequestType">The type of the message that caused it, if any.</param>
public sealed record SignalingError(int Code, string Message, string? RequestType);

/// <summary>The channel cannot do what was asked (not connected, no peer yet, server unreachable).</summary>
public sealed class SignalingException(string message, Exception? inner = null) : Exception(message, inner);
