namespace Tandem.Signaling.Rooms;

/// <summary>Room states (requirements §1(2), PROTOCOL.md R8).</summary>
public enum RoomState
{
    /// <summary>One member, waiting for its counterpart.</summary>
    Waiting,

    /// <summary>Both members present.</summary>
    Paired,

    /// <summary>Expired while waiting; being destroyed (R19).</summary>
    Timeout,
}
