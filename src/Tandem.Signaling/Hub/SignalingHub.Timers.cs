using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;

namespace Tandem.Signaling.Hub;

public sealed partial class SignalingHub
{
    // Each timer callback takes the lock and checks that its timer is still the current one: a timer
    // cancelled under the lock may already be running its callback, which must then do nothing.

    /// <summary>R17, R26: a waiting room times out after <see cref="SignalingOptions.RoomTimeout"/>.</summary>
    private void StartRoomTimer(Room room)
    {
        room.CancelTimer();
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            using (EnterGate())
            {
                if (room.Timer == timer && room.State == RoomState.Waiting)
                {
                    RoomTimedOut(room);
                }
            }
        }, null, Options.RoomTimeout, Timeout.InfiniteTimeSpan);
        room.Timer = timer;
        room.TimeoutAt = _time.GetUtcNow() + Options.RoomTimeout;
    }

    /// <summary>R19: the waiting member gets 1005 and is closed (4005); the room is destroyed.</summary>
    private void RoomTimedOut(Room room)
    {
        room.State = RoomState.Timeout;
        Metrics.TimedOut();
        LogRoomTimedOut(room.Id, Options.RoomTimeout.TotalSeconds);
        foreach (var member in new[] { room.Glasses, room.App })
        {
            if (member?.Client is { } client)
            {
                ExitRoom(client);
                SendError(client, ErrorCode.Timeout, $"{room.Id} timed out: no counterpart joined within {Options.RoomTimeout.TotalSeconds:0} s; connect and join again", null);
                Close(client, CloseCodes.Timeout, "room timeout", dropFromRoom: false);
            }
        }

        DestroyRoom(room, "timeout");
    }

    /// <summary>R29: a connection in no room for <see cref="SignalingOptions.JoinTimeout"/> gets 1005 and is closed.</summary>
    private void StartJoinTimer(SignalingClient client)
    {
        client.CancelJoinTimer();
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            using (EnterGate())
            {
                if (client.JoinTimer == timer && !client.IsClosed && client.Room is null)
                {
                    LogJoinTimedOut(client.Id, Options.JoinTimeout.TotalSeconds);
                    SendError(client, ErrorCode.Timeout, $"no join within {Options.JoinTimeout.TotalSeconds:0} s: connect again and send join", null);
                    Close(client, CloseCodes.Timeout, "join timeout", dropFromRoom: false);
                }
            }
        }, null, Options.JoinTimeout, Timeout.InfiniteTimeSpan);
        client.JoinTimer = timer;
        client.JoinDeadline = _time.GetUtcNow() + Options.JoinTimeout;
    }

    /// <summary>R30: hold an offline member's slot for <see cref="SignalingOptions.ReconnectGrace"/>.</summary>
    private void StartGraceTimer(Room room, RoomMember member)
    {
        member.CancelGrace();
        ITimer? timer = null;
        timer = _time.CreateTimer(_ =>
        {
            using (EnterGate())
            {
                if (member.GraceTimer == timer && member.Client is null && room.Slot(member.DeviceId.Kind) == member)
                {
                    GraceExpired(room, member);
                }
            }
        }, null, Options.ReconnectGrace, Timeout.InfiniteTimeSpan);
        member.GraceTimer = timer;
        member.GraceEndsAt = _time.GetUtcNow() + Options.ReconnectGrace;
    }
}
