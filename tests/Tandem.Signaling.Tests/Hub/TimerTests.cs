using Tandem.Signaling.Hub;
using Tandem.Signaling.Protocol;
using Tandem.Signaling.Tests.TestSupport;

namespace Tandem.Signaling.Tests.Hub;

public class TimerTests
{
    [Fact]
    public void RoomTimeout_Waiting_MemberGets1005AndClose4005_RoomDestroyed_R19()
    {
        using var fx = new HubFixture();
        var glasses = fx.Joined("glasses_1");
        fx.Time.Advance(TimeSpan.FromSeconds(29.9));
        Assert.Null(glasses.CloseCode);

        fx.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1005, glasses.LastErrorCode());
        Assert.Equal("glasses_1", glasses.Last.GetProperty("to").GetString());
        Assert.Equal(CloseCodes.Timeout, glasses.CloseCode);
        Assert.Equal("room timeout", glasses.CloseReason);
        Assert.Empty(fx.Hub.GetStatus().Rooms);
        Assert.Equal(1, fx.Hub.Metrics.RoomTimeouts);

        var again = fx.Joined("glasses_1");
        Assert.Equal("WAITING", Assert.Single(fx.Hub.GetStatus().Rooms).State);
        Assert.Empty(again.Received);
    }

    [Fact]
    public void RoomTimeout_Configurable_R19()
    {
        using var fx = new HubFixture(new SignalingOptions { RoomTimeout = TimeSpan.FromSeconds(2) });
        var app = fx.Joined("app_1");
        fx.Time.Advance(TimeSpan.FromSeconds(2));
        Assert.Equal(CloseCodes.Timeout, app.CloseCode);
    }

    [Fact]
    public void RoomTimeout_CancelledByPairing_R18()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Time.Advance(TimeSpan.FromMinutes(5));
        Assert.Null(glasses.CloseCode);
        Assert.Null(app.CloseCode);
        Assert.Empty(glasses.Errors);
        Assert.Equal("PAIRED", Assert.Single(fx.Hub.GetStatus().Rooms).State);
    }

    [Fact]
    public void RoomTimeout_RestartsWhenRoomWaitsAgain_R26()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Time.Advance(TimeSpan.FromSeconds(20));
        fx.Send(glasses, Messages.Leave("glasses_123456"));
        fx.Time.Advance(TimeSpan.FromSeconds(29));
        Assert.Null(app.CloseCode);
        fx.Time.Advance(TimeSpan.FromSeconds(1));
        Assert.Equal(1005, app.LastErrorCode());
        Assert.Equal(CloseCodes.Timeout, app.CloseCode);
    }

    [Fact]
    public void JoinTimeout_NoJoinSinceOpen_1005AndClose4005_R29()
    {
        using var fx = new HubFixture(new SignalingOptions { JoinTimeout = TimeSpan.FromSeconds(3) });
        var idle = fx.Connect();
        fx.Time.Advance(TimeSpan.FromSeconds(2.9));
        Assert.Null(idle.CloseCode);
        fx.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal(1005, idle.LastErrorCode());
        Assert.Equal("", idle.Last.GetProperty("to").GetString());
        Assert.Equal(CloseCodes.Timeout, idle.CloseCode);
    }

    [Fact]
    public void JoinTimeout_CancelledByJoin_RestartedByLeave_R29()
    {
        using var fx = new HubFixture(new SignalingOptions { JoinTimeout = TimeSpan.FromSeconds(3), RoomTimeout = TimeSpan.FromSeconds(100) });
        var (glasses, _) = fx.Paired();
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        Assert.Null(glasses.CloseCode);
        fx.Send(glasses, Messages.Leave("glasses_123456"));
        fx.Time.Advance(TimeSpan.FromSeconds(3));
        Assert.Equal(1005, glasses.LastErrorCode());
        Assert.Equal(CloseCodes.Timeout, glasses.CloseCode);
    }

    [Fact]
    public void ReconnectGrace_Configurable_R30()
    {
        using var fx = new HubFixture(new SignalingOptions { ReconnectGrace = TimeSpan.FromSeconds(2) });
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(app.Client, "gone");
        fx.Time.Advance(TimeSpan.FromSeconds(1.9));
        Assert.Empty(glasses.Received);
        fx.Time.Advance(TimeSpan.FromSeconds(0.1));
        Assert.Equal("leave", glasses.Last.GetProperty("type").GetString());
    }

    [Fact]
    public void ReconnectGrace_ResumeCancelsGrace_NoLaterLeave_R30()
    {
        using var fx = new HubFixture();
        var (glasses, app) = fx.Paired();
        fx.Hub.Disconnected(app.Client, "gone");
        fx.Time.Advance(TimeSpan.FromSeconds(10));
        fx.Joined("app_123456");
        glasses.Clear();
        fx.Time.Advance(TimeSpan.FromSeconds(60));
        Assert.Empty(glasses.Received);
    }
}
