namespace Tandem.WebRtc.PeerConnections;

/// <summary>W3C RTCSignalingState (JSEP offer/answer, RFC 8829 §3.2), without provisional answers.</summary>
public enum RtcSignalingState
{
    /// <summary>No offer/answer exchange in progress.</summary>
    Stable,

    /// <summary>Our offer is set as the local description; waiting for the answer.</summary>
    HaveLocalOffer,

    /// <summary>The peer's offer is set as the remote description; our answer is due.</summary>
    HaveRemoteOffer,

    /// <summary>The connection is closed.</summary>
    Closed,
}
