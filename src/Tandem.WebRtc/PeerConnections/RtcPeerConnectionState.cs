namespace Tandem.WebRtc.PeerConnections;

/// <summary>W3C RTCPeerConnectionState: the ICE and DTLS transports combined.</summary>
public enum RtcPeerConnectionState
{
    /// <summary>Nothing started yet.</summary>
    New,

    /// <summary>ICE checking or the DTLS handshake running.</summary>
    Connecting,

    /// <summary>ICE connected and DTLS connected.</summary>
    Connected,

    /// <summary>ICE lost consent for a while (may recover).</summary>
    Disconnected,

    /// <summary>ICE failed, or DTLS failed (e.g. the certificate does not match the SDP fingerprint).</summary>
    Failed,

    /// <summary><see cref="PeerConnection.Close"/> was called.</summary>
    Closed,
}
