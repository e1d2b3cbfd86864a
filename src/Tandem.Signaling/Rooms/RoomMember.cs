using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Rooms;

/// <summary>
/// A member's slot in a room. <see cref="Client"/> is null while the member is offline and its slot
/// is held for the reconnect grace period (R30).
/// </summary>
public sealed class RoomMember
{
    internal RoomMember(DeviceId deviceId, SignalingClient? client)
    {
        DeviceId = deviceId;
        Client = client;
    }

    /// <summary>The member's id as it wrote it in its latest join (R6).</summary>
    public DeviceId DeviceId { get; internal set; }

    /// <summary>The member's live connection, or null during its reconnect grace.</summary>
    public SignalingClient? Client { get; internal set; }

    /// <summary>When the reconnect grace ends, while offline.</summary>
    public DateTimeOffset? GraceEndsAt { get; internal set; }

    internal ITimer? GraceTimer { get; set; }

    internal void CancelGrace()
    {
        GraceTimer?.Dispose();
        GraceTimer = null;
        GraceEndsAt = null;
    }
}
