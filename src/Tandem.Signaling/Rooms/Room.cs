using Tandem.Signaling.Protocol;

namespace Tandem.Signaling.Rooms;

/// <summary>
/// A room <c>room_&lt;uid&gt;</c>: at most one glasses member and one app member (R7).
/// Mutated only under the hub's lock.
/// </summary>
public sealed class Room
{
    internal Room(string id, DateTimeOffset createdAt)
    {
        Id = id;
        CreatedAt = createdAt;
    }

    /// <summary>The room id, <c>room_&lt;canonical uid&gt;</c>.</summary>
    public string Id { get; }

    /// <summary>When the room was created.</summary>
    public DateTimeOffset CreatedAt { get; }

    /// <summary>The current state.</summary>
    public RoomState State { get; internal set; } = RoomState.Waiting;

    /// <summary>The glasses member, if any.</summary>
    public RoomMember? Glasses { get; private set; }

    /// <summary>The app member, if any.</summary>
    public RoomMember? App { get; private set; }

    /// <summary>Which member was in the room first: the offerer at pairing (R18, R26).</summary>
    public DeviceKind FirstKind { get; internal set; }

    /// <summary>When the room's timeout fires while it waits (R17, R19, R26), else null.</summary>
    public DateTimeOffset? TimeoutAt { get; internal set; }

    internal ITimer? Timer { get; set; }

    internal int MemberCount => (Glasses is null ? 0 : 1) + (App is null ? 0 : 1);

    internal RoomMember? Slot(DeviceKind kind) => kind == DeviceKind.Glasses ? Glasses : App;

    internal RoomMember? Other(DeviceKind kind) => kind == DeviceKind.Glasses ? App : Glasses;

    internal void SetSlot(DeviceKind kind, RoomMember? member)
    {
        if (kind == DeviceKind.Glasses)
        {
            Glasses = member;
        }
        else
        {
            App = member;
        }
    }

    internal bool IsOfferer(DeviceKind kind) => kind == FirstKind;

    internal void CancelTimer()
    {
        Timer?.Dispose();
        Timer = null;
        TimeoutAt = null;
    }
}
