namespace Tandem.Signaling.Clients;

/// <summary>Connection states (requirements §1(3), PROTOCOL.md R8).</summary>
public enum ConnectionState
{
    /// <summary>Socket open, in no room.</summary>
    Connected,

    /// <summary>In a room without a peer.</summary>
    Joined,

    /// <summary>In a room with its peer.</summary>
    Paired,
}
