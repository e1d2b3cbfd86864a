using Tandem.Signaling.Clients;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Rooms;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

/// <summary>The invariant check every hub test ends with finds what it is meant to find.</summary>
public class InvariantTests
{
    [Fact]
    public void CheckInvariants_SoundHub_Empty()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        app.AutoDeliver = false;
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        fx.Joined("glasses_2");
        Assert.Empty(fx.Hub.CheckInvariants());
        app.DeliverHeld();
    }

    [Fact]
    public void CheckInvariants_AMessageReportedTwice_QueueMismatchFound()
    {
        var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        app.AutoDeliver = false;
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        var message = ServerMessages.Error("", ErrorCode.BadMessage, "x", null, 0);
        fx.Hub.Delivered(app.Client, message);
        app.DeliverHeld();

        // The client's count went below zero; the next message to it is never uncounted.
        fx.Send(glasses, Messages.Relay("offer", "glasses_123456", "app_123456"));
        app.DeliverHeld();
        message.Release();
        Assert.Contains(fx.Hub.CheckInvariants(), v => v.StartsWith("QueuedMessages is 1", StringComparison.Ordinal));
        fx.Hub.Dispose();
    }

    [Fact]
    public void CheckInvariants_BrokenLinks_Found()
    {
        var fx = new HubFixture();
        var (glasses, _) = fx.Paired();
        var room = glasses.Client.Room!;
        room.State = RoomState.Waiting;
        glasses.Client.State = ConnectionState.Connected;
        var violations = fx.Hub.CheckInvariants();
        Assert.Contains(violations, v => v.Contains("room_123456 is Waiting with 2 members", StringComparison.Ordinal));
        Assert.Contains(violations, v => v.Contains("is Connected, not Joined", StringComparison.Ordinal));
        fx.Hub.Dispose();
    }
}
