namespace Tandem.Client.Sessions;

/// <summary>Where a <see cref="PeerSession"/> is, as a user would describe it.</summary>
public enum SessionState
{
    /// <summary>Not started.</summary>
    Idle,

    /// <summary>Reaching the signaling server.</summary>
    Connecting,

    /// <summary>Joined the room; waiting for the counterpart to join.</summary>
    Waiting,

    /// <summary>Paired: offer, answer and ICE are being exchanged, or ICE and DTLS are connecting.</summary>
    Negotiating,

    /// <summary>ICE and DTLS are connected: data and media flow.</summary>
    Connected,

    /// <summary>The peer connection lost its path (ICE disconnected or failed): waiting for it, or restarting ICE.</summary>
    Interrupted,

    /// <summary>Stopped: disposed, or a fatal error (see <see cref="PeerSession.Error"/>).</summary>
    Closed,
}
